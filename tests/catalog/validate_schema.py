"""Validates resources/catalog/catalog.json against catalog.schema.json.

Run with Debian's interpreter, which has python3-jsonschema:
    /usr/bin/python3 tests/catalog/validate_schema.py resources/catalog

Also checks that the schema rejects deliberately broken copies, so a schema that
accepts anything cannot pass.
"""

import copy
import json
import sys
from pathlib import Path

import jsonschema.validators


def errors_of(validator, document):
    return sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main():
    if len(sys.argv) != 2:
        print("usage: validate_schema.py CATALOG_DIR", file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    schema = json.loads((folder / "catalog.schema.json").read_text(encoding="utf-8"))
    catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))

    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"catalog.schema.json is not a valid {cls.__name__} schema: {e.message}")
        return 1
    validator = cls(schema)

    failed = False
    for error in errors_of(validator, catalog):
        print(f"catalog.json{where(error)}: {error.message}")
        failed = True

    # Each broken copy must be rejected at the path named here.
    def broken(path, change):
        doc = copy.deepcopy(catalog)
        change(doc)
        return path, doc

    def set_key(keys, value):
        def change(doc):
            node = doc
            for k in keys[:-1]:
                node = node[k]
            node[keys[-1]] = value
        return change

    first_app = ["applications", 0]
    cases = [
        broken("/applications/0/install/debian/verified",
               set_key(first_app + ["install", "debian", "verified"], "maybe")),
        broken("/applications/0/id", set_key(first_app + ["id"], "Bad_Id")),
        broken("/applications/0/supports/0/os", set_key(first_app + ["supports", 0, "os"], "debian-12")),
        broken("/applications/0", set_key(first_app + ["colour"], "blue")),
        broken("/applications/0/minDiskGb", set_key(first_app + ["minDiskGb"], 5)),
        broken("/applications/0/conflicts/0",
               set_key(first_app + ["conflicts"], [{"id": "mysql"}])),
        broken("/schemaVersion", set_key(["schemaVersion"], 2)),
    ]
    for path, doc in cases:
        found = [where(e) for e in errors_of(validator, doc)]
        if path not in found:
            print(f"the schema accepts a broken catalog: expected an error at {path}, got {found or 'none'}")
            failed = True

    if failed:
        return 1
    apps = len(catalog["applications"])
    print(f"catalog.json is valid against {cls.__name__}; {len(cases)} broken copies rejected; {apps} applications")
    return 0


if __name__ == "__main__":
    sys.exit(main())
