// The lab VPC (examples/lab/aws_configs/us-east-1), loaded as a user's snapshot folder and
// traced packet by packet: each expectation derived by hand from the lab's files and AWS's
// documented forwarding (see engine/eval/net_trace.h); likewise the NAT gateway, peering and
// gateway route table snapshots of tests/fixtures/nat_peering/.
#include <string>

#include "engine/eval/net_trace.h"
#include "frontends/aws/snapshot.h"
#include "gtest/gtest.h"

namespace vouch::net {
namespace {

constexpr char kWeb[] = "i-0a7e1ab0c0ffee801";  // Web Server, 10.0.0.10, public 203.0.113.10
constexpr char kSql[] = "i-0a7e1ab0c0ffee802";  // SQL-server, 10.0.1.20, no public address
constexpr char kApp[] = "i-0a7e1ab0c0ffee803";  // App Server, 10.0.1.30, default group

class LabTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<aws::Snapshot> s = aws::LoadSnapshot(std::string(VOUCH_SOURCE_DIR) + "/examples/lab");
    ASSERT_TRUE(s.ok()) << s.status();
    absl::StatusOr<LoweredNetwork> l = Lower(s->network);
    ASSERT_TRUE(l.ok()) << l.status();
    lab_ = new LoweredNetwork(*std::move(l));
  }

  static PacketTrace Run(const char* from, const char* to, const char* src, const char* dst,
                         int port) {
    Endpoint a = *ResolveEndpoint(*lab_, from);
    Endpoint b = *ResolveEndpoint(*lab_, to);
    Packet p{*ParseIpAddress(src), *ParseIpAddress(dst), 6, 49152, port, 0, 0};
    return Trace(*lab_, a, b, p);
  }

  static LoweredNetwork* lab_;
};
LoweredNetwork* LabTest::lab_ = nullptr;

// WebserverSG allows 80, 443 and 3389 from 0.0.0.0/0; the public subnet routes 0.0.0.0/0 to the
// attached internet gateway; the default ACL allows all: RDP from the internet gets there and back.
TEST_F(LabTest, WebServerRdpIsOpenToTheInternet) {
  PacketTrace t = Run("198.51.100.7", kWeb, "198.51.100.7", "203.0.113.10", 3389);
  EXPECT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  EXPECT_EQ(Run("198.51.100.7", kWeb, "198.51.100.7", "203.0.113.10", 22).blocking->explanation_code,
            "ENI_SG_RULES_MISMATCH");
}

// DatabaseSG allows 1433 only from WebserverSG: the web server gets in, the app server does not.
TEST_F(LabTest, SqlServerOnlyFromTheWebServer) {
  EXPECT_EQ(Run(kWeb, kSql, "10.0.0.10", "10.0.1.20", 1433).disposition, Disposition::kAccepted);
  PacketTrace t = Run(kApp, kSql, "10.0.1.30", "10.0.1.20", 1433);
  EXPECT_EQ(t.disposition, Disposition::kDropped);
  EXPECT_EQ(t.blocking->explanation_code, "ENI_SG_RULES_MISMATCH");
}

// The SQL server has no public address; it reaches the internet through the NAT gateway,
// appearing as the gateway's Elastic IP, and nothing on the internet can open a connection to it.
TEST_F(LabTest, SqlServerIsPrivate) {
  PacketTrace out = Run(kSql, "8.8.8.8", "10.0.1.20", "8.8.8.8", 443);
  ASSERT_EQ(out.disposition, Disposition::kAccepted) << out.DebugString();
  EXPECT_EQ(out.forward.back().packet.src.ToString(), "198.51.100.20");
  PacketTrace in = Run("198.51.100.7", kSql, "198.51.100.7", "198.51.100.20", 1433);
  EXPECT_EQ(in.disposition, Disposition::kDropped);
  EXPECT_EQ(in.blocking->explanation_code, "NAT_REJECTS_INBOUND");
}

// tests/fixtures/nat_peering/README.md: each expectation derived by hand from its files.
LoweredNetwork LoadFixture(const std::string& name) {
  absl::StatusOr<aws::Snapshot> s =
      aws::LoadSnapshot(std::string(VOUCH_SOURCE_DIR) + "/tests/fixtures/nat_peering/" + name);
  EXPECT_TRUE(s.ok()) << s.status();
  absl::StatusOr<LoweredNetwork> l = Lower(s->network);
  EXPECT_TRUE(l.ok()) << l.status();
  return *std::move(l);
}

PacketTrace TraceIn(const LoweredNetwork& n, const char* from, const char* to, const char* src,
                    const char* dst, int port) {
  Packet p{*ParseIpAddress(src), *ParseIpAddress(dst), 6, 49152, port, 0, 0};
  return Trace(n, *ResolveEndpoint(n, from), *ResolveEndpoint(n, to), p);
}

TEST(NatPeeringFixtureTest, WorkerReachesTheInternetAsTheNatGatewaysElasticIp) {
  LoweredNetwork n = LoadFixture("peered");
  PacketTrace t = TraceIn(n, "i-0a1000000000worker", "8.8.8.8", "10.10.1.10", "8.8.8.8", 443);
  ASSERT_EQ(t.disposition, Disposition::kAccepted) << t.DebugString();
  EXPECT_EQ(t.forward.back().packet.src.ToString(), "198.51.100.50");
  bool nat = false;
  for (const Hop& h : t.forward) nat = nat || (h.component_id == "nat-0a100000000000001" &&
                                               h.packet.src.ToString() == "10.10.0.5");
  EXPECT_TRUE(nat) << t.DebugString();
}

TEST(NatPeeringFixtureTest, ActivePeeringCarriesPendingPeeringDrops) {
  LoweredNetwork n = LoadFixture("peered");
  EXPECT_EQ(TraceIn(n, "i-0a1000000000worker", "i-0b20000000database", "10.10.1.10", "10.20.1.20", 5432)
                .disposition,
            Disposition::kAccepted);
  PacketTrace ssh = TraceIn(n, "i-0a1000000000worker", "i-0b20000000database", "10.10.1.10", "10.20.1.20", 22);
  EXPECT_EQ(ssh.blocking->explanation_code, "ENI_SG_RULES_MISMATCH");
  PacketTrace archive =
      TraceIn(n, "i-0a1000000000worker", "i-0c300000000archive", "10.10.1.10", "10.30.1.30", 5432);
  EXPECT_EQ(archive.disposition, Disposition::kDropped);
  EXPECT_EQ(archive.blocking->explanation_code, "BAD_STATE");
  EXPECT_EQ(archive.blocking->component_id, "pcx-0ac00000000000002");
}

TEST(NatPeeringFixtureTest, GatewayRouteTableWithAMiddleboxRouteIsUnknown) {
  LoweredNetwork redirect = LoadFixture("ingress_routing");
  PacketTrace in = TraceIn(redirect, "198.51.100.7", "i-0f1x0000000web", "198.51.100.7", "203.0.113.10", 3389);
  EXPECT_EQ(in.disposition, Disposition::kUnknown) << in.DebugString();
  EXPECT_EQ(in.blocking->explanation_code, "UNSUPPORTED_INGRESS_ROUTING");
  EXPECT_EQ(in.blocking->component_id, "rtb-0f1x0000000edge");
  // Out to the internet too: the reply would enter through the same gateway.
  PacketTrace out = TraceIn(redirect, "i-0f1x0000000web", "8.8.8.8", "10.1.0.10", "8.8.8.8", 443);
  EXPECT_EQ(out.disposition, Disposition::kUnknown) << out.DebugString();
  LoweredNetwork local = LoadFixture("ingress_local_only");
  EXPECT_EQ(TraceIn(local, "198.51.100.7", "i-0f1x0000000web", "198.51.100.7", "203.0.113.10", 3389)
                .disposition,
            Disposition::kAccepted);
}

}  // namespace
}  // namespace vouch::net
