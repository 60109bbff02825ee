from newsbrief.cli import main

# Guarded: the Dask engine's worker processes are spawned, and a spawned process imports the parent's
# __main__ (here as __mp_main__); unguarded, each worker would run the command again, and so on.
if __name__ == "__main__":
    main()
