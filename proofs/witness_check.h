// Witness replay: every packet the SMT engine claims gets through is re-run through the
// concrete evaluator (engine/eval/net_trace.h) before anyone sees it.
//
// The two engines implement the same semantics independently; a witness the evaluator does not
// accept means one of them is wrong, so it is an Internal error (exit 4, asking for a report),
// never an answer. The replayed trace is what vouch prints: it names every hop and the rule or
// route that admitted the packet.
//
//   VOUCH_ASSIGN_OR_RETURN(net::PacketTrace path, ReplayWitness(lowered, a.src, a.dst, *a.witness));
#ifndef VOUCH_PROOFS_WITNESS_CHECK_H_
#define VOUCH_PROOFS_WITNESS_CHECK_H_

#include "absl/status/statusor.h"
#include "engine/eval/net_trace.h"
#include "models/net/lower.h"

namespace vouch::proofs {

// Traces `packet` from `src` to `dst`. Returns the trace if the evaluator accepts it (delivered
// and the reply gets back); otherwise Internal: "witness `<packet>` from `<src>` to `<dst>` does
// not replay: the concrete evaluator says <disposition> at <hop>: <detail>".
absl::StatusOr<net::PacketTrace> ReplayWitness(const net::LoweredNetwork& network,
                                               const net::Endpoint& src, const net::Endpoint& dst,
                                               const net::Packet& packet);

// "eni-0abc" for an interface, the address for an external endpoint.
std::string EndpointText(const net::Endpoint& e);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_WITNESS_CHECK_H_
