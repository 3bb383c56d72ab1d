// describe-managed-prefix-lists / describe-prefix-lists (`PrefixLists`) and the entries of
// get-managed-prefix-list-entries (`PrefixListEntries`).
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

net::ManagedPrefixList& ListFor(net::Network& network, const std::string& id) {
  for (net::ManagedPrefixList& l : network.prefix_lists) {
    if (l.prefix_list_id == id) return l;
  }
  network.prefix_lists.push_back(net::ManagedPrefixList{});
  network.prefix_lists.back().prefix_list_id = id;
  return network.prefix_lists.back();
}

// Entries as `Entries` [{"Cidr": ..}] or `Cidrs` [".."]; sets entries_known if either is there.
absl::Status ReadEntries(const JsonValue& item, net::ManagedPrefixList& list) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> entries, item.Find("Entries"));
  if (entries && !entries->IsNull()) {
    list.entries_known = true;
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> elems, entries->Elements());
    for (const JsonValue& e : elems) {
      VOUCH_ASSIGN_OR_RETURN(JsonValue cidr, e.Get("Cidr"));
      VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidr(cidr));
      list.entries.push_back(net::PrefixListEntry{c, e.source()});
    }
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> cidrs, item.Find("Cidrs"));
  if (cidrs && !cidrs->IsNull()) {
    list.entries_known = true;
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> elems, cidrs->Elements());
    for (const JsonValue& e : elems) {
      VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidr(e));
      list.entries.push_back(net::PrefixListEntry{c, e.source()});
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadPrefixLists(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, RequiredString(item, "PrefixListId"));
    net::ManagedPrefixList& pl = ListFor(network, id);
    pl.source = item.source();
    VOUCH_ASSIGN_OR_RETURN(pl.prefix_list_name, OptionalString(item, "PrefixListName"));
    VOUCH_ASSIGN_OR_RETURN(pl.owner_id, OptionalString(item, "OwnerId"));
    VOUCH_RETURN_IF_ERROR(ReadEntries(item, pl));
  }
  return absl::OkStatus();
}

absl::Status ReadPrefixListEntries(const JsonValue& items, net::Network& network) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, RequiredString(item, "PrefixListId"));
    net::ManagedPrefixList& pl = ListFor(network, id);
    if (pl.source.file.empty()) pl.source = item.source();
    VOUCH_RETURN_IF_ERROR(item.Get("Entries").status());  // "missing `Entries`"
    VOUCH_RETURN_IF_ERROR(ReadEntries(item, pl));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
