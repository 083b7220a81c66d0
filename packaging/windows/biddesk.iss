; Inno Setup 6 script: the Windows installer of the one-folder bundle dist\BidDesk\.
; Built by .github/workflows/dist.yml (iscc /DAppVersion=… packaging\windows\biddesk.iss).
; Not run yet: no Windows machine was at hand (docs/install.md).
;
; - Per user, no administrator rights: PrivilegesRequired=lowest installs into
;   %LOCALAPPDATA%\Programs\BidDesk ({autopf} for a non-admin install) and writes HKCU only
;   (HKA = HKCU here).
; - Start menu entry (the user's own Start menu), an optional desktop icon.
; - .biddesk files open in BidDesk (double-click): BidDesk.exe "%1" opens the portfolio.
; - UTF-8 with a BOM: Inno Setup reads the Japanese texts as Unicode.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{8B0E5C7A-4D1F-4E2B-9C3A-6F7D2E1B5A90}
AppName=BidDesk 競売入札準備デスク
AppVersion={#AppVersion}
AppVerName=BidDesk {#AppVersion}
AppPublisher=BidDesk
DefaultDirName={autopf}\BidDesk
DefaultGroupName=BidDesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=BidDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\BidDesk.exe
UninstallDisplayName=BidDesk 競売入札準備デスク

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\BidDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\BidDesk 競売入札準備デスク"; Filename: "{app}\BidDesk.exe"
Name: "{autoprograms}\BidDesk (デモ)"; Filename: "{app}\BidDesk.exe"; Parameters: "--demo"
Name: "{autodesktop}\BidDesk"; Filename: "{app}\BidDesk.exe"; Tasks: desktopicon

[Registry]
; The file type, for this user only (Software\Classes under HKCU).
Root: HKA; Subkey: "Software\Classes\.biddesk"; ValueType: string; ValueName: ""; ValueData: "BidDesk.Portfolio"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.biddesk\OpenWithProgids"; ValueType: string; ValueName: "BidDesk.Portfolio"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\BidDesk.Portfolio"; ValueType: string; ValueName: ""; ValueData: "BidDesk ポートフォリオ"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\BidDesk.Portfolio\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\BidDesk.exe"",0"
Root: HKA; Subkey: "Software\Classes\BidDesk.Portfolio\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\BidDesk.exe"" ""%1"""

[Run]
Filename: "{app}\BidDesk.exe"; Description: "{cm:LaunchProgram,BidDesk}"; Flags: nowait postinstall skipifsilent
