#pragma once
// The ne1000 driver's entry in the driver registry (rig/drivers/registry.hpp).
#include "rig/drivers/registry.hpp"

namespace pumprig {

DriverEntry ne1000_driver();

}  // namespace pumprig
