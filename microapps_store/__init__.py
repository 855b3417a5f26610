"""The MicroApps store: reusable module flows packaged, reviewed, published and installed.

- `microapps_store.package`: the `.mapp` format (a zip with `microapp.json`, module flows,
  flow tests, audio and a README), its strict reading and verification, packing and scaffolding;
- `microapps_store.resolve`: semver ranges and dependency resolution (networkx);
- `microapps_store.store`: submit → automated checks → review → publish, deprecate and yank;
- `microapps_store.installed`: MicroApps installed into a Designer (or a project folder), and
  the look-up that lets `publisher/name@version` module references resolve;
- `microapps_store.web`: the REST API the Designer's app factory mounts.

See docs/microapps.md.
"""
