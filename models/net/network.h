// The VPC network of a snapshot: placeholder until the network model lands.
#ifndef VOUCH_MODELS_NET_NETWORK_H_
#define VOUCH_MODELS_NET_NETWORK_H_
namespace vouch::net {
struct Network {
  bool operator==(const Network&) const = default;
};
}  // namespace vouch::net
#endif  // VOUCH_MODELS_NET_NETWORK_H_
