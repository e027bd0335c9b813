#pragma once
// A safe unpickler for PyTorch checkpoint pickles (data.pkl). It interprets
// the pickle opcodes itself and never executes anything: the only globals it
// accepts are the handful that torch.save and numpy scalars use
// (collections.OrderedDict, torch._utils._rebuild_tensor_v2 and
// _rebuild_parameter, torch.*Storage, numpy scalar and dtype,
// _codecs.encode); any other global is refused with its name. Sizes,
// nesting and memo growth are bounded so hostile input fails fast.
// Stateless; safe to call from any thread.
#include "checkpoint/pickle_value.h"
#include "interceptor/model/result.h"
#include "io/byte_view.h"

namespace interceptor {

Result<PickleRef> unpickle(ByteView pickle);

}  // namespace interceptor
