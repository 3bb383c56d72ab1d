// Witness replay through the concrete evaluator.
#include "proofs/witness_check.h"

#include "absl/strings/str_cat.h"

namespace vouch::proofs {

std::string EndpointText(const net::Endpoint& e) {
  if (e.IsInterface()) return e.network_interface_id;
  return e.address.has_value() ? e.address->ToString() : "<unset>";
}

absl::StatusOr<net::PacketTrace> ReplayWitness(const net::LoweredNetwork& network,
                                               const net::Endpoint& src, const net::Endpoint& dst,
                                               const net::Packet& packet) {
  net::PacketTrace trace = net::Trace(network, src, dst, packet);
  if (trace.disposition == net::Disposition::kAccepted) return trace;
  std::string where = "no hop";
  std::string detail;
  if (trace.blocking.has_value()) {
    where = absl::StrCat(trace.blocking->component_kind, " `", trace.blocking->component_id, "`");
    detail = absl::StrCat(": ", trace.blocking->explanation_code, " ", trace.blocking->detail);
  }
  return absl::InternalError(absl::StrCat(
      "witness `", packet.DebugString(), "` from `", EndpointText(src), "` to `",
      EndpointText(dst), "` does not replay: the concrete evaluator says ",
      net::DispositionName(trace.disposition), " at ", where, detail));
}

}  // namespace vouch::proofs
