#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the man pages of parallax-cli and parallax, and the bash completion of
both, from the programs' own --help: one source, so that the pages and the
completion never drift from the options the programs accept.

gen-cli-docs.py CLI APP VERSION CLI_MAN APP_MAN CLI_COMPLETION APP_COMPLETION
(bash-completion loads a command's completion from a file named after it)
"""
import os
import re
import subprocess
import sys

cli, app, version, cli_man, app_man, cli_completion, app_completion = sys.argv[1:]

ENV = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", ASAN_OPTIONS="detect_leaks=0")
OPTION = re.compile(r"^\s+(?:-(\w), )?--([\w-]+)(?:=(\S+))?\s+(.*)$")
# Values offered for options that take one of a few words.
CHOICES = {
    "workload": "fetch decompress amdahl",
    "format": "table json csv trace",
    "strategy": "threads processes",
}


def help_text(*argv):
    return subprocess.run(argv, env=ENV, check=True, capture_output=True, text=True).stdout


def parse(text):
    """The summary paragraphs and the options of a GOptionContext --help."""
    lines = text.splitlines()
    summary, options, section = [], [], None
    for line in lines[2:]:
        if line.endswith("Options:"):
            section = line
            continue
        if section is None:
            summary.append(line)
        elif section == "Application Options:":
            m = OPTION.match(line)
            if m:
                options.append(m.groups())
    return "\n".join(summary).strip(), options


def esc(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + l if l.startswith((".", "'")) else l for l in text.split("\n"))


def paragraphs(text):
    return "\n.PP\n".join(esc(p.replace("\n", " ")) for p in text.split("\n\n") if p)


def option_item(short, name, arg, description):
    head = (f"\\fB\\-{short}\\fR, " if short else "") + f"\\fB\\-\\-{esc(name)}\\fR"
    if arg:
        head += f"=\\fI{esc(arg)}\\fR"
    return f".TP\n{head}\n{esc(description)}\n"


def header(name, title):
    return (f'.TH {name.upper()} 1 "" "Parallax {version}" "User Commands"\n'
            f".SH NAME\n{esc(name)} \\- {esc(title)}\n")


# parallax-cli
top = help_text(cli, "--help")
description = top.split("\n\n")[1].strip()
commands = re.findall(r"^  (\w+) +(.+)$", top.split("Commands:")[1], re.M)
page = header("parallax-cli", description[0].lower() + description[1:].rstrip("."))
page += (".SH SYNOPSIS\n\\fBparallax\\-cli\\fR \\fICOMMAND\\fR [\\fIOPTION\\fR...]\n"
         ".br\n\\fBparallax\\-cli\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n"
         f".SH DESCRIPTION\n{esc(description)}\n"
         "It runs the same engine as the \\fBparallax\\fR app, without a display.\n"
         ".SH COMMANDS\n")
command_options = {}
for command, title in commands:
    summary, options = parse(help_text(cli, command, "--help"))
    command_options[command] = options
    page += f'.SS "{command}"\n{esc(title)}.\n.PP\n{paragraphs(summary)}\n'
    page += "".join(option_item(*o) for o in options)
page += (".SH EXIT STATUS\n0 when every task succeeded, 1 when a task failed or the run could not "
         "start, 2 for a usage error, 130 when interrupted with Ctrl+C (143 for SIGTERM).\n"
         ".SH ENVIRONMENT\n.TP\n\\fBGITHUB_TOKEN\\fR\n"
         "Sent as a bearer token to the API given with \\fB\\-\\-api\\-url\\fR; never printed.\n"
         ".SH SEE ALSO\n\\fBparallax\\fR(1)\n")
open(cli_man, "w", encoding="utf-8").write(page)

# parallax
summary, app_options = parse(help_text(app, "--help"))
page = header("parallax", "see concurrency and parallelism with real measurements")
page += (".SH SYNOPSIS\n\\fBparallax\\fR [\\fIOPTION\\fR...] [\\fIFILE\\fR...]\n"
         ".SH DESCRIPTION\n\\fBparallax\\fR is a GNOME app that runs real workloads (HTTP fetches, "
         "bzip2 decompression, synthetic CPU work) sequentially, with threads, with processes, on an "
         "event loop and with a simulated GIL, and shows wall time against CPU time, a timeline of "
         "every task, and Amdahl's law next to the measured speedups.\n.PP\n"
         "Each \\fIFILE\\fR is a run saved as JSON (\\fI*.parallax.json\\fR) and opens in a window "
         "of its own, its controls set to the run's parameters, under a Replay band with its date, "
         "machine and parameters.\n.SH OPTIONS\n")
page += "".join(option_item(*o) for o in app_options)
page += ".SH SEE ALSO\n\\fBparallax\\-cli\\fR(1)\n"
open(app_man, "w", encoding="utf-8").write(page)

# bash completion
out = ["# bash completion for parallax-cli, generated from its --help",
       "_parallax_cli() {",
       '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command=${COMP_WORDS[1]} opts=',
       "  if [ \"$COMP_CWORD\" -eq 1 ]; then",
       f'    COMPREPLY=($(compgen -W "{" ".join(c for c, _ in commands)} --help --version" -- "$cur"))',
       "    return",
       "  fi",
       '  case "$prev" in']
takes_file = sorted({f"--{n}" for opts in command_options.values() for _, n, a, _ in opts if a == "FILE"})
if takes_file:
    out += [f'    {"|".join(takes_file)}) COMPREPLY=($(compgen -f -- "$cur")); return ;;']
for name, words in CHOICES.items():
    out += [f'    --{name}) COMPREPLY=($(compgen -W "{words}" -- "$cur")); return ;;']
out += ["  esac", '  case "$command" in']
for command, options in command_options.items():
    words = " ".join(f"--{n}" for _, n, _, _ in options) + " --help"
    out += [f'    {command}) opts="{words}" ;;']
out += ["  esac",
        '  COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
        "}",
        "complete -F _parallax_cli parallax-cli",
        ""]
open(cli_completion, "w", encoding="utf-8").write("\n".join(out))

out = ["# bash completion for parallax, generated from its --help",
        "_parallax() {",
        "  local cur=${COMP_WORDS[COMP_CWORD]}",
        '  case "$cur" in',
        f'    -*) COMPREPLY=($(compgen -W "{" ".join("--" + n for _, n, _, _ in app_options)} --help" -- "$cur")) ;;',
        '    *) COMPREPLY=($(compgen -f -X "!*.json" -- "$cur") $(compgen -d -- "$cur")) ;;',
        "  esac",
        "}",
        "complete -F _parallax parallax",
        ""]
open(app_completion, "w", encoding="utf-8").write("\n".join(out))
