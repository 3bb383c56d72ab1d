// The lab VPC (examples/lab/aws_configs/us-east-1), loaded as a user's snapshot folder and
// traced packet by packet: each expectation derived by hand from the lab's files and AWS's
// documented forwarding (see engine/eval/net_trace.h).
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

}  // namespace
}  // namespace vouch::net
