"""Local servers that speak the cloud speech recognisers' wire protocols."""
