// Account lookups by name or ARN.
#include "models/iam/account.h"

#include <algorithm>

namespace vouch::iam {
namespace {

template <typename T>
const T* FindByNameOrArn(const std::vector<T>& items, absl::string_view key) {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const T& item) { return item.name == key || item.arn == key; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const User* Account::FindUser(absl::string_view key) const { return FindByNameOrArn(users, key); }
const Group* Account::FindGroup(absl::string_view key) const { return FindByNameOrArn(groups, key); }
const Role* Account::FindRole(absl::string_view key) const { return FindByNameOrArn(roles, key); }

const ManagedPolicy* Account::FindPolicy(absl::string_view arn) const {
  auto it = std::find_if(policies.begin(), policies.end(),
                         [&](const ManagedPolicy& p) { return p.arn == arn; });
  return it == policies.end() ? nullptr : &*it;
}

const BucketPolicy* Account::FindBucketPolicy(absl::string_view bucket) const {
  auto it = std::find_if(bucket_policies.begin(), bucket_policies.end(),
                         [&](const BucketPolicy& b) { return b.bucket == bucket; });
  return it == bucket_policies.end() ? nullptr : &*it;
}

}  // namespace vouch::iam
