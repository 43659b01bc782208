// The HeapAnalysis module: see README.md for its place in the data flow.
