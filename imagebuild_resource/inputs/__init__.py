"""The tables of inputs: for each resource, what each input is, how it is checked and what changing it does."""
