#pragma once
// The harvard driver's entry in the driver registry (rig/drivers/registry.hpp).
#include "rig/drivers/registry.hpp"

namespace pumprig {

DriverEntry harvard_driver();

}  // namespace pumprig
