// Each test class has its own database; classes run side by side, tests within a class one by one.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 2)]
