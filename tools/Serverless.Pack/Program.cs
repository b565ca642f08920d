Console.Error.WriteLine("pack: being written"); return 1;
