// placeholder: robots.txt parsing arrives here
