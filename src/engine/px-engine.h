/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-amdahl.h"
#include "px-amdahl-workload.h"
#include "px-batch-info.h"
#include "px-decompress-workload.h"
#include "px-error.h"
#include "px-fetch-workload.h"
#include "px-format.h"
#include "px-mock-server.h"
#include "px-run-result.h"
#include "px-runner.h"
#include "px-scaler.h"
#include "px-server-process.h"
#include "px-sys.h"
#include "px-types.h"
#include "px-workload.h"
