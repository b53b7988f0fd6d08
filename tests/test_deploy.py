"""The workflow's steps that publish, run as GitHub runs them (``bash -e``), with the programs
they call standing in for the network and the build (each logs what it was asked)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import workflow, workflow_step

SECRETS = {"SSH_KEY": "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----",
           "TARGET": "deploy@parties.headlines.example.org:/srv/headlines",
           "KNOWN_HOSTS": "parties.headlines.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExample"}
LOGGER = '#!/bin/sh\nprintf "%s\\0" "$(basename "$0")" "$@" >> "$CALLS"; printf "\\n" >> "$CALLS"\n'
"""A program standing in for another: it logs its name and its arguments, a line a call."""


def run_step(step: dict, env: dict[str, str], work: Path, stand_ins: dict[str, str]) -> tuple[
        subprocess.CompletedProcess[str], list[list[str]]]:
    """``step`` run by ``bash -e`` in ``work``, as GitHub runs it, its ``env`` given (none of this
    process's ``HEADLINES_*``), with ``stand_ins`` (a path under ``work``: its script) in place of
    the programs it calls: the result, and the lines each stand-in logged, split at NULs."""
    assert set(step["env"]) == set(env), step["env"]
    for path, script in stand_ins.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(script)
        (work / path).chmod(0o755)
    calls = work.parent / "calls"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINES_")}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, capture_output=True, text=True,
                            env={**clean, **env, "PATH": f"{work / 'bin'}:{os.environ['PATH']}", "CALLS": str(calls)},
                            timeout=60)
    logged = calls.read_text().splitlines() if calls.exists() else []
    return result, [line.split("\0")[:-1] for line in logged]


def deploy(tmp_path: Path, secrets: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """The deploy-parties job's copy step, its secrets given as ``secrets`` (the workflow's
    ``env``), in a folder holding the built site: the result, and each call made to ``rsync``
    and ``ssh`` (its name and arguments)."""
    work = tmp_path / "work"
    (work / "parties").mkdir(parents=True)
    (work / "parties/index.html").write_text("<p>GREEN</p>")
    return run_step(workflow_step("deploy-parties", "rsync"), secrets, work, {"bin/rsync": LOGGER, "bin/ssh": LOGGER})


def test_the_site_goes_only_to_the_host_whose_keys_are_given(tmp_path: Path) -> None:
    """A runner starts with no known hosts. Accepting a new host key would accept any host
    answering at that name, each run: GREEN material must go to the host whose keys the
    secret gives, or nowhere."""
    result, calls = deploy(tmp_path, SECRETS)
    assert result.returncode == 0, result.stderr
    assert [call[0] for call in calls] == ["rsync", "ssh"]
    (rsync, ssh) = calls
    ssh_command = shlex.split(rsync[rsync.index("-e") + 1])
    assert ssh_command == ["ssh", *ssh[1:ssh.index(SECRETS["TARGET"].split(":")[0])]]  # the same options, both
    assert rsync[-2:] == ["parties/", SECRETS["TARGET"] + "/parties.new/"]
    work = tmp_path / "work"
    assert (work / "known_hosts").read_text() == SECRETS["KNOWN_HOSTS"] + "\n"
    assert (work / "key").stat().st_mode & 0o077 == 0
    # As the real ssh reads those options: only the given keys, and an unknown key refused.
    config = subprocess.run([*ssh_command, "-G", "parties.headlines.example.org"], cwd=work, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert "stricthostkeychecking true" in config
    assert any(line.startswith("userknownhostsfile ") and line.split()[1:] == ["known_hosts"] for line in config)


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_a_secret_not_set_stops_the_copy_before_it_starts(tmp_path: Path, missing: str) -> None:
    result, calls = deploy(tmp_path, {**SECRETS, missing: ""})
    assert result.returncode == 1
    assert f"the secret for {missing} is not set" in result.stderr
    assert calls == []


def test_runs_on_main_deploy_one_at_a_time_and_the_newest_last() -> None:
    """Two pushes close together: the older run, finishing later, would put back on both sites
    what the newer one took off (a paper withdrawn, a paragraph raised to GREEN). GitHub runs
    one workflow run of a concurrency group at a time, and keeps only the newest waiting."""
    concurrency = workflow()["concurrency"]
    assert concurrency["group"] == "publish-${{ github.ref }}"  # main's runs share one group, whatever started them
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"  # never a deploy
    assert not any("concurrency" in job for job in workflow()["jobs"].values())  # nothing lets a job out of turn


def publish_step(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str]]]:
    """The check job's publish step, its ``env`` given: the result, and for each call of
    ``headlines`` the sites' addresses it was given (``HEADLINES_*``)."""
    addresses = '#!/bin/sh\nenv | grep "^HEADLINES_" | sort | tr "\\n" "\\0" >> "$CALLS"; echo >> "$CALLS"\n'
    work = tmp_path / "work"
    work.mkdir()
    result, calls = run_step(workflow_step("check", "headlines publish"), env, work, {".venv/bin/headlines": addresses})
    return result, [dict(pair.split("=", 1) for pair in call) for call in calls]


ADDRESSES = {"PUBLIC_URL": "https://headlines.secas.example/", "PARTIES_URL": "https://parties.secas.example/"}


def test_a_deploy_publishes_with_the_sites_addresses(tmp_path: Path) -> None:
    result, calls = publish_step(tmp_path, {**ADDRESSES, "DEPLOYING": "true"})
    assert result.returncode == 0, result.stderr
    assert calls == [{"HEADLINES_PUBLIC_URL": "https://headlines.secas.example/",
                      "HEADLINES_PARTIES_URL": "https://parties.secas.example/"}]


@pytest.mark.parametrize("unset", ["PUBLIC_URL", "PARTIES_URL"])
def test_a_deploy_without_the_sites_addresses_stops_before_building(tmp_path: Path, unset: str) -> None:
    """GitHub gives a variable never set as nothing: the sites would be built for the
    placeholders' addresses (example.org), and deployed so."""
    result, calls = publish_step(tmp_path, {**ADDRESSES, unset: "", "DEPLOYING": "true"})
    assert result.returncode == 1
    assert "::error::set the repository variables HEADLINES_PUBLIC_URL and HEADLINES_PARTIES_URL" in result.stdout
    assert calls == []


def test_a_pull_requests_check_builds_with_the_placeholders_where_no_address_is_set(tmp_path: Path) -> None:
    """Not the variables set to nothing, which the build refuses (test_cli), but unset."""
    result, calls = publish_step(tmp_path, {"PUBLIC_URL": "", "PARTIES_URL": "", "DEPLOYING": "false"})
    assert result.returncode == 0, result.stderr
    assert calls == [{}]
