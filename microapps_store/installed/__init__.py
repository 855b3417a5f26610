"""MicroApps installed into a Designer (or a project folder): installing with dependencies,
what an update changes and which flows it would break, and the look-up that resolves
`publisher/name@version` module references for validation, simulation, flow tests and runs."""
