B
conv1.biasJ¸£b>õzk=“¡!½