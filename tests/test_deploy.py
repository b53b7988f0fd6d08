"""The workflow's steps that publish, run as GitHub runs them (``bash -e``), with the programs
they call standing in for the network and the build (each logs what it was asked)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

SECRETS = {"SSH_KEY": "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----",
           "TARGET": "deploy@parties.headlines.example.org:/srv/headlines",
           "KNOWN_HOSTS": "parties.headlines.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExample"}
LOGGER = '#!/bin/sh\nprintf "%s\\0" "$(basename "$0")" "$@" >> "$CALLS"; printf "\\n" >> "$CALLS"\n'


def deploy(tmp_path: Path, secrets: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """The deploy-parties job's copy step, its secrets given as ``secrets`` (the workflow's
    ``env``), run by ``bash -e`` in a folder holding the built site: the result, and each call
    made to ``rsync`` and ``ssh`` (its arguments)."""
    steps = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())["jobs"]["deploy-parties"]["steps"]
    (step,) = [s for s in steps if "rsync" in s.get("run", "")]
    assert set(step["env"]) == set(SECRETS), step["env"]
    bin_dir, work = tmp_path / "bin", tmp_path / "work"
    bin_dir.mkdir()
    (work / "parties").mkdir(parents=True)
    (work / "parties/index.html").write_text("<p>GREEN</p>")
    for tool in ("rsync", "ssh"):
        (bin_dir / tool).write_text(LOGGER)
        (bin_dir / tool).chmod(0o755)
    calls = tmp_path / "calls"
    env = {**os.environ, **secrets, "PATH": f"{bin_dir}:{os.environ['PATH']}", "CALLS": str(calls)}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, capture_output=True, text=True, env=env,
                            timeout=60)
    logged = calls.read_text().splitlines() if calls.exists() else []
    return result, [line.split("\0")[:-1] for line in logged]


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
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    concurrency = workflow["concurrency"]
    assert concurrency["group"] == "publish-${{ github.ref }}"  # main's runs share one group, whatever started them
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"  # never a deploy
    assert not any("concurrency" in job for job in workflow["jobs"].values())  # nothing lets a job out of turn


def publish_step(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str]]]:
    """The check job's publish step, its ``env`` given: the result, and for each call of
    ``headlines`` the sites' addresses it was given (``HEADLINES_*``)."""
    steps = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())["jobs"]["check"]["steps"]
    (step,) = [s for s in steps if "headlines publish" in s.get("run", "")]
    assert set(step["env"]) == set(env), step["env"]
    (tmp_path / ".venv/bin").mkdir(parents=True)
    fake = tmp_path / ".venv/bin/headlines"
    fake.write_text('#!/bin/sh\nenv | grep "^HEADLINES_" | sort | tr "\\n" "\\0" >> "$CALLS"; echo >> "$CALLS"\n')
    fake.chmod(0o755)
    calls = tmp_path / "calls"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINES_")}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True,
                            env={**clean, **env, "CALLS": str(calls)}, timeout=60)
    logged = calls.read_text().splitlines() if calls.exists() else []
    return result, [dict(pair.split("=", 1) for pair in line.split("\0") if pair) for line in logged]


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
