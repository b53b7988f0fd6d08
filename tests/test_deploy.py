"""The workflow's steps that publish, run as GitHub runs them (``bash -e``), with the programs
they call standing in for the network and the build (each logs what it was asked). The SEC
Parties host is a folder on this machine: ``ssh`` runs the step's command there, and the real
``rsync`` copies to it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import read_all_along, workflow, workflow_step

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


RSYNC = LOGGER + f"""n=$#
while [ "$n" -gt 0 ]; do  # the real rsync, to the host's folder on this machine: -e left out, host:path as path
  arg="$1"; shift; n=$((n - 1))
  case "$arg" in
    -e) shift; n=$((n - 1)) ;;
    *@*:*) set -- "$@" "${{arg#*:}}" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
umask 077  # a host's strictest: what is copied must still be readable by nginx
exec {shutil.which("rsync") or "/usr/bin/rsync"} "$@"
"""
SSH = LOGGER + """while [ $# -gt 0 ]; do case "$1" in -i|-o) shift 2 ;; *) break ;; esac; done
shift  # the host: its command runs here, on this machine, its input as given
umask 077
exec "$@"
"""
"""Stand-ins that do what they are asked, on this machine: the host is a folder here."""

HOST = "deploy@parties.headlines.example.org"


def deploy(tmp_path: Path, secrets: dict[str, str], site: dict[str, str] | None = None) -> tuple[
        subprocess.CompletedProcess[str], list[list[str]]]:
    """The deploy-parties job's copy step, its secrets given as ``secrets`` (the workflow's
    ``env``), in a folder holding the built site (``site``: file name to text): the result, and
    each call made to ``rsync`` and ``ssh`` (its name and arguments). The host is the folder
    ``TARGET`` names, on this machine."""
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "parties").mkdir(parents=True)
    for name, text in (site or {"index.html": "<p>GREEN</p>"}).items():
        (work / "parties" / name).write_text(text)
    (tmp_path / "calls").unlink(missing_ok=True)
    return run_step(workflow_step("deploy-parties", "rsync"), secrets, work, {"bin/rsync": RSYNC, "bin/ssh": SSH})


def host(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A host's folder for the SEC Parties site, and the secrets that name it."""
    folder = tmp_path / "srv"
    folder.mkdir()
    return folder, {**SECRETS, "TARGET": f"{HOST}:{folder}"}


def test_the_site_goes_only_to_the_host_whose_keys_are_given(tmp_path: Path) -> None:
    """A runner starts with no known hosts. Accepting a new host key would accept any host
    answering at that name, each run: GREEN material must go to the host whose keys the
    secret gives, or nowhere."""
    folder, secrets = host(tmp_path)
    result, calls = deploy(tmp_path, secrets)
    assert result.returncode == 0, result.stderr
    assert [call[0] for call in calls] == ["rsync", "ssh"]
    (rsync, ssh) = calls
    ssh_command = shlex.split(rsync[rsync.index("-e") + 1])
    assert ssh_command == ["ssh", *ssh[1:ssh.index(HOST)]]  # the same options, both
    assert rsync[-2:] == ["parties/", secrets["TARGET"] + "/parties.new/"]
    assert ssh[ssh.index(HOST) + 1:] == ["sh", "-s", "--", str(folder)]
    work = tmp_path / "work"
    assert (work / "known_hosts").read_text() == SECRETS["KNOWN_HOSTS"] + "\n"
    assert (work / "key").stat().st_mode & 0o077 == 0
    # As the real ssh reads those options: only the given keys, and an unknown key refused.
    config = subprocess.run([*ssh_command, "-G", "parties.headlines.example.org"], cwd=work, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert "stricthostkeychecking true" in config
    assert any(line.startswith("userknownhostsfile ") and line.split()[1:] == ["known_hosts"] for line in config)


def test_a_host_serving_a_folder_of_its_own_gets_a_link_to_the_release(tmp_path: Path) -> None:
    """A host deployed to before releases serves a parties folder of its own: the first deploy
    replaces it with a link to the release it copied, nothing else left, every file readable
    by nginx's user."""
    folder, secrets = host(tmp_path)
    (folder / "parties").mkdir()
    (folder / "parties/index.html").write_text("<p>as deployed before</p>")
    result, _ = deploy(tmp_path, secrets, {"index.html": "<p>new</p>"})
    assert result.returncode == 0, result.stderr
    assert (folder / "parties").is_symlink() and (folder / "parties/index.html").read_text() == "<p>new</p>"
    (release,) = (folder / "releases").iterdir()
    assert os.readlink(folder / "parties") == f"releases/{release.name}"  # relative: the folder may move
    assert sorted(p.name for p in folder.iterdir()) == ["parties", "releases"]
    # Readable by nginx's user, though the host's user has the strictest umask.
    modes = {p.relative_to(folder).as_posix(): oct(p.stat().st_mode & 0o777) for p in [
        folder / "releases", release, *release.rglob("*")]}
    assert set(modes.values()) == {"0o755", "0o644"} and modes[f"releases/{release.name}/index.html"] == "0o644", modes


def test_a_deploy_swaps_the_whole_site_in_one_step_sending_only_what_changed(tmp_path: Path) -> None:
    """Deploys in turn while another process reads the site all along: it never finds the
    site missing, and after each, the new site is served and only its release is kept. A file
    that did not change is the very file the last release had (linked, not sent again)."""
    folder, secrets = host(tmp_path)
    assert deploy(tmp_path, secrets, {"index.html": "<p>release 0</p>", "kept.css": "p {}"})[0].returncode == 0
    kept = (folder / "parties/kept.css").stat().st_ino
    with read_all_along(folder / "parties/index.html") as counts:
        for n in range(1, 10):
            result, _ = deploy(tmp_path, secrets, {"index.html": f"<p>release {n}</p>", "kept.css": "p {}"})
            assert result.returncode == 0, result.stderr
            assert (folder / "parties/index.html").read_text() == f"<p>release {n}</p>"
            assert len(list((folder / "releases").iterdir())) == 1
            assert (folder / "parties/kept.css").stat().st_ino == kept
    looks, misses = counts
    assert looks > 100 and misses == 0, f"{misses} of {looks} looks found no site"


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_a_secret_not_set_stops_the_copy_before_it_starts(tmp_path: Path, missing: str) -> None:
    folder, secrets = host(tmp_path)
    result, calls = deploy(tmp_path, {**secrets, missing: ""})
    assert result.returncode == 1
    assert f"the secret for {missing} is not set" in result.stderr
    assert calls == [] and list(folder.iterdir()) == []


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
