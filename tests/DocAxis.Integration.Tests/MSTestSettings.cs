// Integration tests start real hosts on real ports and measure memory: they run one at a time.
[assembly: DoNotParallelize]
