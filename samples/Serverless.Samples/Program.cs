Console.Error.WriteLine("The sample generator is being written.");
return 1;
