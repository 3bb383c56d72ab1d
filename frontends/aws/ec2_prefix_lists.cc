// describe-managed-prefix-lists / describe-prefix-lists (`PrefixLists`) and the entries of
// get-managed-prefix-list-entries (`PrefixListEntries`).
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_limits.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

// The lists of the network by id, for one response: a snapshot may name many.
class ListIndex {
 public:
  explicit ListIndex(net::Network& network) : network_(network) {
    for (size_t i = 0; i < network.prefix_lists.size(); ++i) {
      index_.emplace(network.prefix_lists[i].prefix_list_id, i);
    }
  }
  // The list `id`, created (entries unknown) if new.
  net::ManagedPrefixList& For(const std::string& id) {
    auto [it, inserted] = index_.emplace(id, network_.prefix_lists.size());
    if (inserted) {
      network_.prefix_lists.push_back(net::ManagedPrefixList{});
      network_.prefix_lists.back().prefix_list_id = id;
    }
    return network_.prefix_lists[it->second];
  }

 private:
  net::Network& network_;
  absl::flat_hash_map<std::string, size_t> index_;
};

absl::Status CheckEntryLimit(const net::ManagedPrefixList& list, const JsonValue& at) {
  if (list.entries.size() <= kMaxEntriesPerPrefixList) return absl::OkStatus();
  return at.Error(absl::StrCat("prefix list `", list.prefix_list_id, "` has more than ",
                               kMaxEntriesPerPrefixList, " entries, over the limit per list"));
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
  ListIndex lists(network);
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, RequiredString(item, "PrefixListId"));
    net::ManagedPrefixList& pl = lists.For(id);
    pl.source = item.source();
    VOUCH_ASSIGN_OR_RETURN(pl.prefix_list_name, OptionalString(item, "PrefixListName"));
    VOUCH_ASSIGN_OR_RETURN(pl.owner_id, OptionalString(item, "OwnerId"));
    VOUCH_RETURN_IF_ERROR(ReadEntries(item, pl));
    VOUCH_RETURN_IF_ERROR(CheckEntryLimit(pl, item));
  }
  return absl::OkStatus();
}

absl::Status ReadPrefixListEntries(const JsonValue& items, net::Network& network) {
  ListIndex lists(network);
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, RequiredString(item, "PrefixListId"));
    net::ManagedPrefixList& pl = lists.For(id);
    if (pl.source.file.empty()) pl.source = item.source();
    VOUCH_RETURN_IF_ERROR(item.Get("Entries").status());  // "missing `Entries`"
    VOUCH_RETURN_IF_ERROR(ReadEntries(item, pl));
    VOUCH_RETURN_IF_ERROR(CheckEntryLimit(pl, item));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
