// Managed prefix lists (describe-managed-prefix-lists `PrefixLists[]`, and the entries of
// get-managed-prefix-list-entries).
//
// How a snapshot ties entries to a list: a file whose top-level object is
//   {"PrefixListId": "pl-...", "Entries": [{"Cidr": "...", "Description": "..."}]}
// (the get-managed-prefix-list-entries output with the id it was asked for added), or an
// `Entries` array inline in the PrefixLists[] item itself. A list whose entries the snapshot
// never gives is `entries_known == false`: answers that depend on it are unknown.
#ifndef VOUCH_MODELS_NET_PREFIX_LIST_H_
#define VOUCH_MODELS_NET_PREFIX_LIST_H_

#include <string>
#include <vector>

#include "models/base/ip.h"
#include "models/base/source_ref.h"

namespace vouch::net {

struct PrefixListEntry {
  Cidr cidr;
  SourceRef source;
  bool operator==(const PrefixListEntry&) const = default;
};

struct ManagedPrefixList {
  std::string prefix_list_id;
  std::string prefix_list_name;  // e.g. com.amazonaws.us-east-1.s3
  std::string owner_id;          // "AWS" for AWS-managed lists
  bool entries_known = false;
  std::vector<PrefixListEntry> entries;
  SourceRef source;

  bool operator==(const ManagedPrefixList&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_PREFIX_LIST_H_
