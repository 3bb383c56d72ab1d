#!/usr/bin/env bash
# The network half of `./dev demo`: the lab VPC's questions (examples/lab), answered by the
# vouch binary given as $1. Each answer is proved by Z3 and, when reachable, replayed by the
# concrete evaluator.
set -uo pipefail
bin=$(realpath "${1:-build/vouch}")
cd "$(dirname "$0")/.."
source tools/demo_common.sh "$bin"
echo
echo "== network: what can reach what in the lab VPC =="
# RDP is open to the world on the web server: the witness packet and both paths.
run reach --snapshot "$LAB" --from 0.0.0.0/0 --to "Web Server" --protocol tcp --port 3389
# The SQL server has no public address and sits behind a NAT gateway: no port is reachable
# from the internet, and vouch names every component that stops the packets.
run reach --snapshot "$LAB" --from internet --to "SQL-server" --protocol all
# Inside the VPC, the web server reaches SQL Server on 1433.
run reach --snapshot "$LAB" --from "Web Server" --to "SQL-server" --protocol tcp --port 1433 --self-check
# Outbound, the SQL server reaches the internet through the NAT gateway, which rewrites its
# source to the gateway's address; the reply is translated back on the way in.
run reach --snapshot "$LAB" --from "SQL-server" --to internet --protocol tcp --port 443
# Everything the internet can reach, with the exact ports and source ranges.
run exposure --snapshot "$LAB"
# As claims for CI: the remote administration ports (SSH and RDP) closed to the internet. RDP is
# open on the web server, so the claim is violated (exit 1), with the security group permission
# that lets it in; and the VPC's default security group keeps AWS's two rules (CIS 5.4). The SQL
# server's isolation holds.
run_expecting 1 exposure --snapshot "$LAB" --cis
run reach --snapshot "$LAB" --from internet --to "SQL-server" --expect unreachable
# What if examples/terraform/open-ssh.json is applied? It opens SSH on WebserverSG to the world,
# and the claim that SSH is closed, which holds today, is violated at the plan's line (exit 1).
run_expecting 1 exposure --snapshot "$LAB" --terraform-plan examples/terraform/open-ssh.json \
  --closed tcp:22
exit $status
