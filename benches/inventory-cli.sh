#!/usr/bin/env bash
# The estate's inventory with the AWS CLI alone, the way an operator scripts
# it: for every server its detail, its VPC endpoint, the endpoint's network
# interfaces and security groups, and its users' secrets.
# benches/inventory.py times it beside `transfer-console doctor`.
set -euo pipefail
aws=${AWS_CLI:-aws}
for id in $("$aws" transfer list-servers --query 'Servers[].ServerId' --output text); do
  vpce=$("$aws" transfer describe-server --server-id "$id" \
    --query 'Server.EndpointDetails.VpcEndpointId' --output text)
  if [ "$vpce" != "None" ]; then
    read -r enis groups < <("$aws" ec2 describe-vpc-endpoints --vpc-endpoint-ids "$vpce" \
      --query 'VpcEndpoints[0].[join(`,`, NetworkInterfaceIds), join(`,`, Groups[].GroupId)]' \
      --output text)
    "$aws" ec2 describe-network-interfaces --network-interface-ids ${enis//,/ } >/dev/null
    "$aws" ec2 describe-security-groups --group-ids ${groups//,/ } >/dev/null
  fi
  "$aws" secretsmanager list-secrets --filters "Key=name,Values=aws/transfer/$id/" >/dev/null
done
