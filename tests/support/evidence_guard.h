#pragma once
// See evidence_guard.cpp: the test binaries' mains fail when it is true.
namespace interceptor::test {
bool evidence_changed();
}
