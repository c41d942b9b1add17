// SPDX-License-Identifier: MIT
#pragma once

#include "config/merchantprofile.h"
#include "result.h"

#include <QString>

namespace paydesk::ui {

// Saves a merchant profile edited in the GUI into the terminal's profile file
// so that the folder stays self-contained: key, certificate and APIv3 key
// files picked from elsewhere (a USB stick, Downloads) are copied into
// merchant/ beside the profile file, platform certificates and the WeChat Pay
// public key into platform/, and the profile names them relative to that
// folder. Secrets are written readable by the owner only. Other profiles in
// the file are kept as they are.
class ProfileWriter
{
public:
    // Returns the profile as saved (relative file names, baseDirectory set).
    // An empty profile.name becomes "production".
    static Result<MerchantProfile> save(MerchantProfile profile, const QString &profilePath, bool makeDefault = true);

private:
    ProfileWriter() = delete;
};

} // namespace paydesk::ui
