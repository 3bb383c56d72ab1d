// The witness self-check cannot be talked out of a wrong answer: a packet the concrete evaluator
// does not deliver, handed to proofs::ReplayWitness as if the SMT engine had found it, is an
// Internal error (which `vouch` reports with exit 4), never a path. The replay has no switch:
// `vouch reach` and `vouch exposure` call it for every witness (--self-check adds a second,
// independent cross-check on top).
#include <string>

#include "absl/strings/match.h"
#include "frontends/aws/snapshot.h"
#include "gtest/gtest.h"
#include "models/net/lower.h"
#include "proofs/witness_check.h"

namespace vouch {
namespace {

class SelfCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<aws::Snapshot> s =
        aws::LoadSnapshot(std::string(VOUCH_SOURCE_DIR) + "/examples/lab/aws_configs");
    ASSERT_TRUE(s.ok()) << s.status();
    absl::StatusOr<net::LoweredNetwork> lowered = net::Lower(s->network);
    ASSERT_TRUE(lowered.ok()) << lowered.status();
    lowered_ = *std::move(lowered);
  }
  net::LoweredNetwork lowered_;
};

net::Endpoint External(const char* ip) { return net::Endpoint{"", *ParseIpAddress(ip)}; }
net::Endpoint Interface(const char* eni) { return net::Endpoint{eni, std::nullopt}; }

net::Packet Tcp(const char* src, const char* dst, int dst_port) {
  net::Packet p;
  p.src = *ParseIpAddress(src);
  p.dst = *ParseIpAddress(dst);
  p.protocol = 6;
  p.src_port = 40000;
  p.dst_port = dst_port;
  return p;
}

TEST_F(SelfCheckTest, AWitnessIntoAPrivateSubnetFromTheInternetIsAnInternalError) {
  // The SQL server (10.0.1.20) sits in a private subnet: no route from the internet reaches it.
  absl::StatusOr<net::PacketTrace> trace =
      proofs::ReplayWitness(lowered_, External("203.0.113.99"), Interface("eni-0a7e1ab0c0ffee702"),
                            Tcp("203.0.113.99", "10.0.1.20", 1433));
  ASSERT_FALSE(trace.ok());
  EXPECT_EQ(trace.status().code(), absl::StatusCode::kInternal) << trace.status();
  EXPECT_TRUE(absl::StartsWith(trace.status().message(), "witness `")) << trace.status();
  EXPECT_TRUE(absl::StrContains(trace.status().message(), "does not replay")) << trace.status();
}

TEST_F(SelfCheckTest, AWitnessWhosePacketDoesNotMatchItsEndpointsIsAnInternalError) {
  // A packet addressed to another host than the claimed destination cannot be its witness.
  absl::StatusOr<net::PacketTrace> trace =
      proofs::ReplayWitness(lowered_, External("203.0.113.99"), Interface("eni-0a7e1ab0c0ffee701"),
                            Tcp("203.0.113.99", "192.0.2.1", 80));
  ASSERT_FALSE(trace.ok());
  EXPECT_EQ(trace.status().code(), absl::StatusCode::kInternal) << trace.status();
}

}  // namespace
}  // namespace vouch
