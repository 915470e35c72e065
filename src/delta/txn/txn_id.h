#pragma once

#include <string>

namespace ingot::delta {

// A random (version 4) UUID in canonical form, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", used as
// commitInfo.txnId so that a writer can recognise its own commit in the log. The bytes come from
// the kernel on every call (getrandom), so forked processes and threads never share a sequence.
// Thread-safe.
std::string NewTxnId();

}  // namespace ingot::delta
