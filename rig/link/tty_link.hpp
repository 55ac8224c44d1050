#pragma once
// termios transport for pseudo-terminals (device simulators on ptys, socat bridges), which
// libserialport refuses to open.
#include "rig/link/fd_link.hpp"

namespace pumprig {

class TtyLink final : public FdLink {
 public:
  TtyLink(EventLoop& loop, std::string path, SerialSettings settings);
  ~TtyLink() override;
  void open() override;
  std::string describe() const override;

 private:
  long raw_read(std::uint8_t* buf, std::size_t n) override;
  long raw_write(const std::uint8_t* buf, std::size_t n) override;
  void release() override;

  std::string path_;
  SerialSettings settings_;
};

}  // namespace pumprig
