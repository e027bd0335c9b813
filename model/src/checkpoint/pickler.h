#pragma once
// Writes a checkpoint pickle (protocol 2) with only the opcodes and globals
// that PyTorch 1.13's torch.load(weights_only=True) accepts: dicts, an
// OrderedDict of tensors, strings, 32-bit integers, booleans and None.
// (That unpickler has no float opcode, so floats travel inside JSON strings.)
#include <cstdint>
#include <string>
#include <vector>

#include "checkpoint/pickle_value.h"

namespace interceptor {

class Pickler {
  public:
    Pickler();
    void begin_dict();  // EMPTY_DICT + MARK: then key/value pairs, then end_dict()
    void begin_ordered_dict();
    void end_dict();  // SETITEMS
    void string(const std::string& s);
    void integer(std::int32_t v);
    void boolean(bool v);
    void none();
    void tensor(const TensorRef& t);  // _rebuild_tensor_v2 over a persistent storage
    std::string finish();             // STOP; returns the pickle bytes

  private:
    void op(std::uint8_t code) { out_ += static_cast<char>(code); }
    void global(const std::string& module, const std::string& name);
    void tuple_of_ints(const std::vector<std::int64_t>& values);
    std::string out_;
};

}  // namespace interceptor
