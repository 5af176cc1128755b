B
fc2.weightJ½Ì¥<!1#½ÈZ¾s¡=