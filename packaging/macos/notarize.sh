#!/bin/sh
# Signs, notarises and staples the .dmg that cpack made:  notarize.sh Image.dmg
# Environment (each step runs only when its variables are set):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: NAME (TEAMID)", in the keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarytool credentials (app-specific password)
set -eu
dmg=$1
if [ -z "${MACOS_SIGN_IDENTITY:-}" ]; then
  echo "MACOS_SIGN_IDENTITY is not set: $dmg stays unsigned (Gatekeeper will warn)."
  exit 0
fi
codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
codesign --verify --verbose=2 "$dmg"
if [ -z "${APPLE_ID:-}" ] || [ -z "${APPLE_TEAM_ID:-}" ] || [ -z "${APPLE_APP_PASSWORD:-}" ]; then
  echo "Notary credentials (APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD) are not set: signed, not notarised."
  exit 0
fi
xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
  --password "$APPLE_APP_PASSWORD" --wait --timeout 30m
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
