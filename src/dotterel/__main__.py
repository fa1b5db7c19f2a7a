from dotterel.cli import main

main()
