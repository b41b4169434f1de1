#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Prints the commands of one CI recipe of the README, as the CI service
# would run them: the block after "<!-- recipe: NAME -->" is parsed as
# YAML (so a recipe that is not valid YAML fails here); of a GitHub
# Actions workflow, the "run" of the step named "gate"; of a GitLab job,
# its "script" lines. The first line printed is "# env: K1 K2 ...", the
# variables the job sets, for the test to give each its own value.
# usage: extract_recipe.py README.md "reader github"
import re
import sys

import yaml


def main():
    readme, name = sys.argv[1], sys.argv[2]
    text = open(readme).read()
    m = re.search(r"<!-- recipe: %s -->\n```yaml\n(.*?)\n```" % re.escape(name),
                  text, re.S)
    if not m:
        sys.exit("no recipe '%s' in %s" % (name, readme))
    doc = yaml.safe_load(m.group(1))
    if "jobs" in doc:
        job = next(iter(doc["jobs"].values()))
        gates = [s["run"] for s in job["steps"] if s.get("name") == "gate"]
        if len(gates) != 1:
            sys.exit("recipe '%s': not one step named gate" % name)
        env, script = job.get("env", {}), gates[0]
    else:
        job = next(iter(doc.values()))
        env, script = job.get("variables", {}), "\n".join(job["script"])
    print("# env: " + " ".join(sorted(env)))
    print(script.rstrip("\n"))


main()
