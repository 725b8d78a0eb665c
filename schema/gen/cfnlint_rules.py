# Prints the installed cfn-lint's rule table as JSON (see cfnlintrules.go): per
# rule its id, how it is implemented, where in a template it runs and what it
# validates with. Facts only: no titles or descriptions.
import importlib
import inspect
import json
import os
import sys

import cfnlint
import cfnlint.helpers as helpers
from cfnlint.rules import CloudFormationLintRule

# Record what each rule loads while it is built: the schema of a
# CfnLintJsonSchema (its SchemaDetails) and any other data file.
schema_of = {}
loads = {}
data_dir = os.path.join(os.path.dirname(cfnlint.__file__), "data")


def data_path(package, filename):
    name = package if isinstance(package, str) else package.__name__
    path = os.path.join(*name.split("."), filename)
    return os.path.relpath(path, os.path.join("cfnlint", "data")).replace(os.sep, "/")


plain_load = helpers.load_resource


def load_resource(package, filename="us-east-1.json"):
    for frame in inspect.stack()[1:]:
        rule = frame.frame.f_locals.get("self")
        if frame.function == "__init__" and isinstance(rule, CloudFormationLintRule):
            loads.setdefault(id(rule), set()).add(data_path(package, filename))
            break
    return plain_load(package, filename)


helpers.load_resource = load_resource
cjs = importlib.import_module("cfnlint.rules.jsonschema.CfnLintJsonSchema")
plain_init = cjs.CfnLintJsonSchema.__init__


def init(self, keywords=None, schema_details=None, all_matches=False):
    if schema_details:
        schema_of[id(self)] = data_path(schema_details.module, schema_details.filename)
    plain_init(self, keywords=keywords, schema_details=schema_details, all_matches=all_matches)


cjs.CfnLintJsonSchema.__init__ = init

from cfnlint.rules._rules import Rules  # noqa: E402  (after the patches above)
from cfnlint.rules.jsonschema import (  # noqa: E402
    BaseJsonSchema,
    CfnLintJsonSchema,
    CfnLintJsonSchemaRegional,
    CfnLintKeyword,
)

rules = Rules.create_from_directory(os.path.join(os.path.dirname(cfnlint.__file__), "rules"))
reports = {}
for rid, rule in rules.items():
    for keyword, child in getattr(rule, "rule_set", {}).items():
        reports.setdefault(child, []).append({"parent": rid, "keyword": keyword})

severity = {"E": "error", "W": "warning", "I": "info"}
out = []
for rid, rule in sorted(rules.items()):
    if isinstance(rule, CfnLintJsonSchemaRegional):
        kind = "regional"
    elif isinstance(rule, CfnLintJsonSchema):
        kind = "schema"
    elif isinstance(rule, CfnLintKeyword):
        kind = "keyword"
    elif isinstance(rule, BaseJsonSchema):
        kind = "base"
    elif getattr(rule, "format_keyword", None):
        kind = "format"
    elif rid in reports:
        kind = "keyword-rule"
    else:
        kind = "code"
    if kind in ("keyword", "schema") and not getattr(rule, "keywords", None):
        # A few rules set their keywords when a template is given to them.
        try:
            rule.initialize(None)
        except Exception:  # noqa: BLE001  (a rule that needs a real template)
            pass
    e = {"id": rid, "severity": severity[rid[0]], "kind": kind}
    if getattr(rule, "keywords", None):
        e["keywords"] = sorted(rule.keywords)
    if id(rule) in schema_of:
        e["schema"] = schema_of[id(rule)]
    if loads.get(id(rule), set()) - {e.get("schema")}:
        e["loads"] = sorted(loads[id(rule)] - {e.get("schema")})
    if getattr(rule, "all_matches", False):
        e["allMatches"] = True
    if getattr(rule, "format_keyword", None):
        e["format"] = rule.format_keyword
    if rid in reports:
        e["reports"] = sorted(reports[rid], key=lambda r: (r["parent"], r["keyword"]))
    if rule.parent_rules:
        e["parents"] = sorted(rule.parent_rules)
    if rule.child_rules:
        e["children"] = sorted(rule.child_rules)
    out.append(e)
json.dump({"version": cfnlint.version.__version__, "rules": out}, sys.stdout, sort_keys=True)
