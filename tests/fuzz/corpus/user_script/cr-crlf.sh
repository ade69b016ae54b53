#!/ueoset -e
!n
0")
