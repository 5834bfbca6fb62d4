#!/usr/bin/env python3
"""Checks CI files for what their platforms' JSON schemas cannot express (the schemas themselves
are checked with check-jsonschema). Run with the virtual environment .ci/run creates:

    .build-venv/bin/python scripts/check-ci-files.py FILE...

GitHub workflows (.github/workflows/*.yml): a job's `environment:` may use only the contexts
GitHub allows there (github, needs, strategy, matrix, vars, inputs), and `needs.<job>.outputs.<name>`
must name a job in `needs:` that declares that output.
GitLab pipelines (*.gitlab-ci.yml): `environment: name:` may use only variables the pipeline
defines itself (top-level or job `variables:`, every rule's `variables:`) or GitLab predefines
(CI_*, GITLAB_*): dotenv reports reach job scripts, not the pipeline configuration.
Prints one line per problem, `FILE: job JOB: ...`, and exits 1 if there was any.
"""
import re
import sys

from ruamel.yaml import YAML

GITHUB_ENVIRONMENT_CONTEXTS = {"github", "needs", "strategy", "matrix", "vars", "inputs"}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
# A context is the first name of a property chain (`needs.route.outputs.x`), not a function call.
CONTEXT = re.compile(r"(?<![\w.'\"-])([A-Za-z_][\w-]*)\s*(?=[.\[])")
NEEDS_OUTPUT = re.compile(r"needs\.([\w-]+)\.outputs\.([\w-]+)")
GITLAB_VARIABLE = re.compile(r"\$\{?([A-Za-z_]\w*)\}?|%([A-Za-z_]\w*)%")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return YAML(typ="safe").load(handle)


def strings_without_literals(expression):
    return re.sub(r"'(?:[^']|'')*'", "''", expression)


def check_github_workflow(path, workflow, problems):
    jobs = (workflow or {}).get("jobs") or {}
    for name, job in jobs.items():
        if not isinstance(job, dict) or "environment" not in job:
            continue
        environment = job["environment"]
        value = environment.get("name", "") if isinstance(environment, dict) else environment
        needs = job.get("needs") or []
        needs = [needs] if isinstance(needs, str) else list(needs)
        for expression in EXPRESSION.findall(str(value)):
            expression = strings_without_literals(expression)
            for context in CONTEXT.findall(expression):
                if context not in GITHUB_ENVIRONMENT_CONTEXTS:
                    problems.append(f"{path}: job {name}: environment uses the '{context}' context, which GitHub does not "
                                    f"allow there (only {', '.join(sorted(GITHUB_ENVIRONMENT_CONTEXTS))}); "
                                    "route in an earlier job and pass its outputs through needs")
            for needed, output in NEEDS_OUTPUT.findall(expression):
                if needed not in needs:
                    problems.append(f"{path}: job {name}: environment reads needs.{needed}, but '{needed}' is not in needs:")
                elif output not in ((jobs.get(needed) or {}).get("outputs") or {}):
                    problems.append(f"{path}: job {name}: environment reads needs.{needed}.outputs.{output}, "
                                    f"which job {needed} does not declare under outputs:")


def gitlab_job_variables(pipeline, job, seen=()):
    """Variables a job defines itself or through `extends:` within this file."""
    names = set((job.get("variables") or {}).keys())
    parents = job.get("extends") or []
    for parent in [parents] if isinstance(parents, str) else parents:
        if parent in pipeline and parent not in seen and isinstance(pipeline[parent], dict):
            names |= gitlab_job_variables(pipeline, pipeline[parent], seen + (parent,))
    return names


def check_gitlab_pipeline(path, pipeline, problems):
    pipeline = pipeline or {}
    global_variables = set((pipeline.get("variables") or {}).keys())
    for name, job in pipeline.items():
        if not isinstance(job, dict) or "environment" not in job:
            continue
        environment = job["environment"]
        value = environment.get("name", "") if isinstance(environment, dict) else environment
        defined = global_variables | gitlab_job_variables(pipeline, job)
        rules = [rule for rule in job.get("rules") or [] if isinstance(rule, dict) and rule.get("when") != "never"]
        for match in GITLAB_VARIABLE.finditer(str(value)):
            variable = match.group(1) or match.group(2)
            if variable.startswith(("CI_", "GITLAB_")) or variable in defined:
                continue
            if rules and all(variable in (rule.get("variables") or {}) for rule in rules):
                continue
            problems.append(f"{path}: job {name}: environment:name uses ${variable}, which this pipeline does not define "
                            "(a dotenv report reaches job scripts, not environment:name); set it under variables: "
                            "or in every rule's variables:")


def main(paths):
    problems = []
    for path in paths:
        document = load(path)
        if "/.github/workflows/" in "/" + path.replace("\\", "/"):
            check_github_workflow(path, document, problems)
        elif path.endswith("gitlab-ci.yml"):
            check_gitlab_pipeline(path, document, problems)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
