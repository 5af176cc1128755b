B
conv1.biasJèºM?EX!?»Þg¾Å£Á?