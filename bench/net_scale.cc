// The synthetic region generator: a small fixed-seed PRNG and one writer per response kind.
#include "bench/net_scale.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "frontends/aws/ec2_snapshot.h"
#include "frontends/aws/json_reader.h"
#include "models/base/status_macros.h"

namespace vouch::bench {
namespace {

// splitmix64: the same sequence on every platform, unlike std:: distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }

 private:
  uint64_t state_;
};

std::string Id(absl::string_view prefix, int v) { return absl::StrFormat("%s-%017x", prefix, v); }
std::string VpcId(int v) { return Id("vpc", v + 1); }
std::string SubnetId(int v, int s) { return Id("subnet", v * 256 + s + 1); }
std::string Tags(absl::string_view name) {
  return absl::StrCat(R"("Tags":[{"Key":"Name","Value":")", name, R"("}])");
}

// Appends `item` to a JSON array under construction.
void Item(std::string& out, const std::string& item) {
  if (out.back() != '[') out.push_back(',');
  out += item;
}

std::string Open(absl::string_view key) { return absl::StrCat("{\"", key, "\":["); }

class Generator {
 public:
  explicit Generator(const NetScaleOptions& o) : o_(o), rng_(o.seed) {}

  SyntheticRegion Run() {
    SyntheticRegion r;
    r.responses.emplace_back("Vpcs", Vpcs());
    r.responses.emplace_back("Subnets", Subnets());
    r.responses.emplace_back("InternetGateways", InternetGateways());
    r.responses.emplace_back("NatGateways", NatGateways());
    r.responses.emplace_back("VpcPeeringConnections", Peerings());
    r.responses.emplace_back("PrefixLists", PrefixLists());
    r.responses.emplace_back("SecurityGroups", SecurityGroups());
    r.responses.emplace_back("NetworkInterfaces", Interfaces());
    r.responses.emplace_back("Reservations", Reservations());
    r.responses.emplace_back("NetworkAcls", Acls());
    r.responses.emplace_back("RouteTables", RouteTables());
    return r;
  }

 private:
  int GroupsPerVpc() const { return std::max(1, o_.security_groups / o_.vpcs); }
  std::string GroupId(int v, int g) const { return Id("sg", v * GroupsPerVpc() + g + 1); }
  std::string PeerCidr() {
    switch (rng_.Below(6)) {
      case 0: return "0.0.0.0/0";
      case 1: return absl::StrFormat("10.%d.0.0/16", rng_.Below(o_.vpcs));
      case 2: return absl::StrFormat("%d.%d.%d.0/24", 1 + rng_.Below(200), rng_.Below(256), rng_.Below(256));
      case 3: return absl::StrFormat("%d.%d.%d.%d/32", 1 + rng_.Below(200), rng_.Below(256), rng_.Below(256), rng_.Below(256));
      case 4: return absl::StrFormat("10.%d.%d.0/24", rng_.Below(o_.vpcs), rng_.Below(o_.subnets_per_vpc));
      default: return absl::StrFormat("%d.0.0.0/8", 1 + rng_.Below(200));
    }
  }

  std::string Vpcs() {
    std::string out = Open("Vpcs");
    for (int v = 0; v < o_.vpcs; ++v) {
      Item(out, absl::StrFormat(R"({"CidrBlock":"10.%d.0.0/16","State":"available","VpcId":"%s","OwnerId":"111122223333","IsDefault":false,%s})",
                                v, VpcId(v), Tags(absl::StrCat("vpc-", v))));
    }
    return out + "]}";
  }

  std::string Subnets() {
    std::string out = Open("Subnets");
    for (int v = 0; v < o_.vpcs; ++v) {
      for (int s = 0; s < o_.subnets_per_vpc; ++s) {
        Item(out, absl::StrFormat(R"({"AvailabilityZone":"us-east-1%c","CidrBlock":"10.%d.%d.0/24","MapPublicIpOnLaunch":%s,"State":"available","SubnetId":"%s","VpcId":"%s","OwnerId":"111122223333",%s})",
                                  'a' + s % 6, v, s, s % 2 == 0 ? "true" : "false", SubnetId(v, s), VpcId(v),
                                  Tags(absl::StrCat("subnet-", v, "-", s))));
      }
    }
    return out + "]}";
  }

  std::string InternetGateways() {
    std::string out = Open("InternetGateways");
    for (int v = 0; v < o_.vpcs; ++v) {
      Item(out, absl::StrFormat(R"({"Attachments":[{"State":"available","VpcId":"%s"}],"InternetGatewayId":"%s","OwnerId":"111122223333",%s})",
                                VpcId(v), Id("igw", v + 1), Tags(absl::StrCat("igw-", v))));
    }
    return out + "]}";
  }

  // One NAT gateway per VPC, in subnet 0 at 10.v.0.5, public address 52.0.v.5.
  std::string NatGateways() {
    std::string out = Open("NatGateways");
    for (int v = 0; v < o_.vpcs; ++v) {
      Item(out, absl::StrFormat(R"({"NatGatewayAddresses":[{"AllocationId":"%s","NetworkInterfaceId":"%s","PrivateIp":"10.%d.0.5","PublicIp":"52.0.%d.5"}],"NatGatewayId":"%s","State":"available","SubnetId":"%s","VpcId":"%s","ConnectivityType":"public"})",
                                Id("eipalloc", v + 1), Id("eni", 0xf00000 + v), v, v, Id("nat", v + 1),
                                SubnetId(v, 0), VpcId(v)));
    }
    return out + "]}";
  }

  // VPC i peers with VPC i+1.
  std::string Peerings() {
    std::string out = Open("VpcPeeringConnections");
    for (int v = 0; v + 1 < o_.vpcs; ++v) {
      Item(out, absl::StrFormat(R"({"Status":{"Code":"active","Message":"Active"},"VpcPeeringConnectionId":"%s","RequesterVpcInfo":{"OwnerId":"111122223333","VpcId":"%s","CidrBlock":"10.%d.0.0/16"},"AccepterVpcInfo":{"OwnerId":"111122223333","VpcId":"%s","CidrBlock":"10.%d.0.0/16"}})",
                                Id("pcx", v + 1), VpcId(v), v, VpcId(v + 1), v + 1));
    }
    return out + "]}";
  }

  std::string PrefixLists() {
    std::string out = Open("PrefixLists");
    for (int p = 0; p < 10; ++p) {
      std::string cidrs;
      for (int e = 0; e < 8; ++e) {
        absl::StrAppend(&cidrs, e ? "," : "", absl::StrFormat(R"({"Cidr":"%d.%d.0.0/16"})", 20 + p, e * 7));
      }
      Item(out, absl::StrFormat(R"({"PrefixListId":"%s","PrefixListName":"office-%d","OwnerId":"111122223333","Entries":[%s]})",
                                Id("pl", p + 1), p, cidrs));
    }
    return out + "]}";
  }

  std::string Permission(int v) {
    static constexpr int kPorts[] = {22, 80, 443, 3389, 5432, 1433, 8080, 6379, 9200, 27017};
    std::string proto, ports;
    int kind = rng_.Below(20);
    if (kind == 0) {
      proto = "-1";
    } else if (kind == 1) {
      proto = "icmp";
      ports = R"("FromPort":8,"ToPort":-1,)";
    } else {
      proto = kind == 2 ? "udp" : "tcp";
      int from = kPorts[rng_.Below(10)];
      int to = rng_.Chance(10) ? from + rng_.Below(1000) : from;
      ports = absl::StrFormat(R"("FromPort":%d,"ToPort":%d,)", from, to);
    }
    std::string ranges, pairs, lists;
    int source = rng_.Below(10);
    if (source < 6) {
      ranges = absl::StrFormat(R"({"CidrIp":"%s","Description":"rule"})", PeerCidr());
    } else if (source < 9) {
      pairs = absl::StrFormat(R"({"GroupId":"%s","UserId":"111122223333"})", GroupId(v, rng_.Below(GroupsPerVpc())));
    } else {
      lists = absl::StrFormat(R"({"PrefixListId":"%s"})", Id("pl", 1 + rng_.Below(10)));
    }
    return absl::StrFormat(R"({%s"IpProtocol":"%s","IpRanges":[%s],"Ipv6Ranges":[],"PrefixListIds":[%s],"UserIdGroupPairs":[%s]})",
                           ports, proto, ranges, lists, pairs);
  }

  std::string SecurityGroups() {
    std::string out = Open("SecurityGroups");
    for (int v = 0; v < o_.vpcs; ++v) {
      for (int g = 0; g < GroupsPerVpc(); ++g) {
        std::string in;
        for (int r = 0; r + 1 < o_.rules_per_group; ++r) absl::StrAppend(&in, r ? "," : "", Permission(v));
        Item(out, absl::StrFormat(R"({"Description":"group %d","GroupName":"g-%d-%d","IpPermissions":[%s],"OwnerId":"111122223333","GroupId":"%s","IpPermissionsEgress":[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}],"Ipv6Ranges":[],"PrefixListIds":[],"UserIdGroupPairs":[]}],"VpcId":"%s"})",
                                  g, v, g, in, GroupId(v, g), VpcId(v)));
      }
    }
    return out + "]}";
  }

  // Interface k sits in VPC k % vpcs, subnet (k / vpcs) % subnets, host 10 + k / (vpcs*subnets).
  std::string Interfaces() {
    std::string out = Open("NetworkInterfaces");
    for (int k = 0; k < o_.interfaces; ++k) {
      int v = k % o_.vpcs;
      int s = (k / o_.vpcs) % o_.subnets_per_vpc;
      int host = 10 + k / (o_.vpcs * o_.subnets_per_vpc);
      std::string groups = absl::StrFormat(R"({"GroupId":"%s","GroupName":"g"})", GroupId(v, rng_.Below(GroupsPerVpc())));
      if (rng_.Chance(40)) {
        absl::StrAppend(&groups, absl::StrFormat(R"(,{"GroupId":"%s","GroupName":"g"})", GroupId(v, rng_.Below(GroupsPerVpc()))));
      }
      std::string assoc;
      if (rng_.Chance(30)) {
        assoc = absl::StrFormat(R"("Association":{"PublicIp":"54.%d.%d.%d","IpOwnerId":"amazon"},)",
                                k >> 16, (k >> 8) & 255, k & 255);
      }
      private_ips_.push_back(absl::StrFormat("10.%d.%d.%d", v, s, host));
      interface_texts_.push_back(absl::StrFormat(R"({"AvailabilityZone":"us-east-1a","Description":"Primary network interface","Groups":[%s],"InterfaceType":"interface","Ipv6Addresses":[],"NetworkInterfaceId":"%s","OwnerId":"111122223333","PrivateIpAddress":"10.%d.%d.%d","PrivateIpAddresses":[{%s"Primary":true,"PrivateIpAddress":"10.%d.%d.%d"}],"SourceDestCheck":true,"Status":"in-use","SubnetId":"%s","VpcId":"%s","Attachment":{"DeviceIndex":0,"InstanceId":"%s","Status":"attached"},"TagSet":[]})",
                                groups, Id("eni", k + 1), v, s, host, assoc, v, s, host, SubnetId(v, s), VpcId(v),
                                Id("i", k + 1)));
      Item(out, interface_texts_.back());
    }
    return out + "]}";
  }

  // One running instance per interface, its interface repeated inside as describe-instances
  // prints it; the interface texts are remembered by Interfaces().
  std::string Reservations() {
    std::string out = Open("Reservations");
    for (int k = 0; k < o_.interfaces; ++k) {
      int v = k % o_.vpcs;
      int s = (k / o_.vpcs) % o_.subnets_per_vpc;
      Item(out, absl::StrFormat(R"({"Groups":[],"Instances":[{"AmiLaunchIndex":0,"ImageId":"ami-0abcdef1234567890","InstanceId":"%s","InstanceType":"t3.micro","KeyName":"ops","LaunchTime":"2026-01-01T00:00:00.000Z","Monitoring":{"State":"disabled"},"Placement":{"AvailabilityZone":"us-east-1a","GroupName":"","Tenancy":"default"},"PrivateIpAddress":"%s","ProductCodes":[],"State":{"Code":16,"Name":"running"},"SubnetId":"%s","VpcId":"%s","Architecture":"x86_64","BlockDeviceMappings":[{"DeviceName":"/dev/xvda","Ebs":{"AttachTime":"2026-01-01T00:00:01.000Z","DeleteOnTermination":true,"Status":"attached","VolumeId":"%s"}}],"EbsOptimized":false,"EnaSupport":true,"Hypervisor":"xen","NetworkInterfaces":[%s],"RootDeviceName":"/dev/xvda","RootDeviceType":"ebs","SourceDestCheck":true,%s,"VirtualizationType":"hvm"}],"OwnerId":"111122223333","ReservationId":"%s"})",
                                Id("i", k + 1), private_ips_[k], SubnetId(v, s), VpcId(v), Id("vol", k + 1),
                                interface_texts_[k], Tags(absl::StrCat("host-", k)), Id("r", k + 1)));
    }
    return out + "]}";
  }

  std::string AclEntry(int number, bool egress, bool allow, const std::string& proto,
                       const std::string& cidr, int from, int to) {
    std::string ports = proto == "6" || proto == "17"
                            ? absl::StrFormat(R"("PortRange":{"From":%d,"To":%d},)", from, to) : "";
    return absl::StrFormat(R"({"CidrBlock":"%s","Egress":%s,%s"Protocol":"%s","RuleAction":"%s","RuleNumber":%d})",
                           cidr, egress ? "true" : "false", ports, proto, allow ? "allow" : "deny", number);
  }

  std::string Acls() {
    std::string out = Open("NetworkAcls");
    int per_vpc = std::max(1, o_.network_acls / o_.vpcs);
    for (int v = 0; v < o_.vpcs; ++v) {
      for (int a = 0; a < per_vpc; ++a) {
        std::string entries, assocs;
        for (bool egress : {false, true}) {
          if (a == 0) {
            absl::StrAppend(&entries, entries.empty() ? "" : ",", AclEntry(100, egress, true, "-1", "0.0.0.0/0", 0, 0));
          } else {
            for (int r = 1; r <= 8; ++r) {
              bool allow = !rng_.Chance(25);
              int from = rng_.Chance(50) ? 1024 : rng_.Below(2000);
              absl::StrAppend(&entries, entries.empty() ? "" : ",",
                              AclEntry(r * 10, egress, allow, rng_.Chance(80) ? "6" : "-1", PeerCidr(),
                                       from, std::min(65535, from + rng_.Below(65535))));
            }
          }
          absl::StrAppend(&entries, ",", AclEntry(32767, egress, false, "-1", "0.0.0.0/0", 0, 0));
        }
        for (int s = a; s < o_.subnets_per_vpc; s += per_vpc) {
          if (a == 0 && s % 2 == 0) continue;  // even subnets of slot 0 stay implicit
          absl::StrAppend(&assocs, assocs.empty() ? "" : ",",
                          absl::StrFormat(R"({"NetworkAclAssociationId":"%s","NetworkAclId":"%s","SubnetId":"%s"})",
                                          Id("aclassoc", v * 256 + s + 1), Id("acl", v * per_vpc + a + 1), SubnetId(v, s)));
        }
        Item(out, absl::StrFormat(R"({"Associations":[%s],"Entries":[%s],"IsDefault":%s,"NetworkAclId":"%s","Tags":[],"VpcId":"%s","OwnerId":"111122223333"})",
                                  assocs, entries, a == 0 ? "true" : "false", Id("acl", v * per_vpc + a + 1), VpcId(v)));
      }
    }
    return out + "]}";
  }

  std::string RouteTables() {
    std::string out = Open("RouteTables");
    int per_vpc = std::max(1, o_.route_tables / o_.vpcs);
    for (int v = 0; v < o_.vpcs; ++v) {
      for (int t = 0; t < per_vpc; ++t) {
        std::string routes = absl::StrFormat(R"({"DestinationCidrBlock":"10.%d.0.0/16","GatewayId":"local","Origin":"CreateRouteTable","State":"active"})", v);
        int kind = t == 0 ? 1 : rng_.Below(4);
        if (kind == 0 || kind == 3) {
          absl::StrAppend(&routes, absl::StrFormat(R"(,{"DestinationCidrBlock":"0.0.0.0/0","GatewayId":"%s","Origin":"CreateRoute","State":"%s"})",
                                                   Id("igw", v + 1), rng_.Chance(5) ? "blackhole" : "active"));
        } else if (kind == 1) {
          absl::StrAppend(&routes, absl::StrFormat(R"(,{"DestinationCidrBlock":"0.0.0.0/0","NatGatewayId":"%s","Origin":"CreateRoute","State":"active"})", Id("nat", v + 1)));
        }
        if (kind == 3) {
          absl::StrAppend(&routes, absl::StrFormat(R"(,{"DestinationCidrBlock":"%d.0.0.0/8","NatGatewayId":"%s","Origin":"CreateRoute","State":"active"})",
                                                   1 + rng_.Below(200), Id("nat", v + 1)));
        }
        if (v + 1 < o_.vpcs) {
          absl::StrAppend(&routes, absl::StrFormat(R"(,{"DestinationCidrBlock":"10.%d.0.0/16","VpcPeeringConnectionId":"%s","Origin":"CreateRoute","State":"active"})", v + 1, Id("pcx", v + 1)));
        }
        if (v > 0) {
          absl::StrAppend(&routes, absl::StrFormat(R"(,{"DestinationCidrBlock":"10.%d.0.0/16","VpcPeeringConnectionId":"%s","Origin":"CreateRoute","State":"active"})", v - 1, Id("pcx", v)));
        }
        std::string assocs;
        if (t == 0) {
          assocs = absl::StrFormat(R"({"Main":true,"RouteTableAssociationId":"%s","RouteTableId":"%s"})",
                                   Id("rtbassoc", 0x800000 + v), Id("rtb", v * per_vpc + 1));
        } else {
          for (int s = t; s < o_.subnets_per_vpc; s += per_vpc) {
            absl::StrAppend(&assocs, assocs.empty() ? "" : ",",
                            absl::StrFormat(R"({"Main":false,"RouteTableAssociationId":"%s","RouteTableId":"%s","SubnetId":"%s"})",
                                            Id("rtbassoc", v * 256 + s + 1), Id("rtb", v * per_vpc + t + 1), SubnetId(v, s)));
          }
        }
        Item(out, absl::StrFormat(R"({"Associations":[%s],"PropagatingVgws":[],"RouteTableId":"%s","Routes":[%s],"Tags":[],"VpcId":"%s","OwnerId":"111122223333"})",
                                  assocs, Id("rtb", v * per_vpc + t + 1), routes, VpcId(v)));
      }
    }
    return out + "]}";
  }

  NetScaleOptions o_;
  Rng rng_;
  std::vector<std::string> private_ips_;      // of interface k
  std::vector<std::string> interface_texts_;  // describe-network-interfaces item of interface k
};

}  // namespace

size_t SyntheticRegion::Bytes() const {
  size_t n = 0;
  for (const auto& [key, text] : responses) n += text.size();
  return n;
}

SyntheticRegion GenerateRegion(const NetScaleOptions& options) { return Generator(options).Run(); }

absl::StatusOr<net::Network> ReadRegion(const SyntheticRegion& region) {
  net::Network network;
  for (const auto& [key, text] : region.responses) {
    VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::JsonDocument> doc,
                           aws::JsonDocument::FromString(text, absl::StrCat("synthetic/", key, ".json")));
    VOUCH_ASSIGN_OR_RETURN(aws::JsonValue items, doc->root().Get(key));
    VOUCH_RETURN_IF_ERROR(aws::ReadEc2Response(key, items, network));
  }
  return network;
}

}  // namespace vouch::bench
