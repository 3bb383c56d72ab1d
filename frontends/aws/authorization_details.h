// `aws iam get-account-authorization-details` output -> iam::Account.
//
// The response ("GAAD") lists the account's users, groups, roles and managed policies with
// their inline documents and attachments. It is read as the AWS CLI prints it (documents as JSON
// objects) or as the raw API returns it (documents as URL-encoded strings), one response or a
// list of pages, merged. Only the default version of each managed policy is kept: that is the one
// in force. Fields that do not change an answer (dates, ids of instance profiles, RoleLastUsed,
// counts, unknown keys AWS may add) are read past.
//
//   iam::Account account;
//   VOUCH_RETURN_IF_ERROR(ReadAuthorizationDetails(doc->root(), account));  // each page or file
//   VOUCH_RETURN_IF_ERROR(CheckManagedPolicyReferences(account));          // once, at the end
//
// AWS managed policies appear in the file only when it was fetched with the AWSManagedPolicy
// filter; an attachment to a policy that no file of the snapshot holds is an error naming it,
// since answers would otherwise silently miss its statements.
#ifndef VOUCH_FRONTENDS_AWS_AUTHORIZATION_DETAILS_H_
#define VOUCH_FRONTENDS_AWS_AUTHORIZATION_DETAILS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/iam/account.h"

namespace vouch::aws {

// True for the top-level keys of a get-account-authorization-details response:
// UserDetailList, GroupDetailList, RoleDetailList, Policies.
bool IsAuthorizationDetailsKey(absl::string_view key);

// Adds one response, or a JSON array of response pages, to `account`. A principal or managed
// policy already in `account` (same ARN, e.g. from an overlapping page) is kept as first read.
// Sets account.account_id from the first principal or customer managed policy ARN.
// Errors are InvalidArgument with the pointer of the offending value.
absl::Status ReadAuthorizationDetails(const JsonValue& response, iam::Account& account);

// The detail lists of a response, in the order ReadAuthorizationDetails reads them.
inline constexpr absl::string_view kAuthorizationDetailsLists[] = {
    "Policies", "UserDetailList", "GroupDetailList", "RoleDetailList"};

// Reads `item`, one element of the detail list `list` (one of kAuthorizationDetailsLists), into
// `account` exactly as ReadAuthorizationDetails reads that element of a response: for reading a
// large response one element at a time, in the same order. `item` must be located where it sits
// in its file (`/UserDetailList/7`), for the errors and the models' SourceRefs.
absl::Status ReadAuthorizationDetailsItem(absl::string_view list, const JsonValue& item,
                                          iam::Account& account);

// Checks that every group a user is in is in account.groups, and that every managed policy a
// user, group or role attaches, and every permissions boundary, is in account.policies. Error: "<file>: /UserDetailList/0/AttachedManagedPolicies/1:
// user `user-1` attaches managed policy `arn:...`, which is not in the snapshot (...)".
absl::Status CheckManagedPolicyReferences(const iam::Account& account);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_AUTHORIZATION_DETAILS_H_
