#!/usr/bin/python3
print("x")
