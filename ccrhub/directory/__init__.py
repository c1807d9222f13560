"""The HSDS 3.0 resource directory and its public search."""
