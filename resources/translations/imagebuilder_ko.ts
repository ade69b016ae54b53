<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ib::ui::BuildStatusPanel</name>
    <message>
        <source>No template selected</source>
        <translation>선택한 템플릿 없음</translation>
    </message>
    <message>
        <source>Select an image template to see its builds.</source>
        <translation>빌드 목록을 보려면 이미지 템플릿을 선택하세요.</translation>
    </message>
    <message>
        <source>No builds yet</source>
        <translation>아직 빌드가 없습니다</translation>
    </message>
    <message>
        <source>Builds of this template will be listed here, with their progress, log and result. Building arrives with the build engine.</source>
        <translation>이 템플릿의 빌드가 진행 상황, 로그, 결과와 함께 여기에 표시됩니다. 빌드 기능은 빌드 엔진과 함께 제공됩니다.</translation>
    </message>
</context>
<context>
    <name>ib::ui::ImageListPanel</name>
    <message>
        <source>No template selected</source>
        <translation>선택한 템플릿 없음</translation>
    </message>
    <message>
        <source>Select an image template to see the images built from it.</source>
        <translation>이 템플릿으로 만든 이미지를 보려면 이미지 템플릿을 선택하세요.</translation>
    </message>
    <message>
        <source>No images yet</source>
        <translation>아직 이미지가 없습니다</translation>
    </message>
    <message>
        <source>Private images built from this template will be listed here.</source>
        <translation>이 템플릿으로 빌드한 개인 이미지가 여기에 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>ib::ui::MainWindow</name>
    <message>
        <source>Image Builder</source>
        <translation>Image Builder</translation>
    </message>
    <message>
        <source>Delete Image Template</source>
        <translation>이미지 템플릿 삭제</translation>
    </message>
    <message>
        <source>Delete the image template “%1”?</source>
        <translation>이미지 템플릿 “%1”을(를) 삭제하시겠습니까?</translation>
    </message>
    <message>
        <source>The template and its saved revisions are removed. This cannot be undone.</source>
        <translation>템플릿과 저장된 모든 리비전이 삭제됩니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Create Image Template</source>
        <translation>이미지 템플릿 생성</translation>
    </message>
    <message>
        <source>Create an image template (%1)</source>
        <translation>이미지 템플릿 생성 (%1)</translation>
    </message>
    <message>
        <source>Update Image Template</source>
        <translation>이미지 템플릿 수정</translation>
    </message>
    <message>
        <source>Change the selected image template (Enter or double-click)</source>
        <translation>선택한 이미지 템플릿 수정 (Enter 또는 더블 클릭)</translation>
    </message>
    <message>
        <source>Delete the selected image template (Del)</source>
        <translation>선택한 이미지 템플릿 삭제 (Del)</translation>
    </message>
    <message>
        <source>Build Image</source>
        <translation>이미지 빌드</translation>
    </message>
    <message>
        <source>Builds arrive with the build engine</source>
        <translation>빌드 기능은 빌드 엔진과 함께 제공됩니다</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Load the templates again, with changes saved elsewhere (%1)</source>
        <translation>다른 곳에서 저장한 변경 사항을 포함해 템플릿을 다시 불러옵니다 (%1)</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>템플릿</translation>
    </message>
    <message>
        <source>Filter by name, OS or application</source>
        <translation>이름, OS, 애플리케이션으로 필터</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>상세 정보</translation>
    </message>
    <message>
        <source>Build Status</source>
        <translation>빌드 상태</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>저장소: %1</translation>
    </message>
    <message>
        <source>Loaded 1 template.</source>
        <translation>템플릿 1개를 불러왔습니다.</translation>
    </message>
    <message>
        <source>Loaded %1 templates.</source>
        <translation>템플릿 %1개를 불러왔습니다.</translation>
    </message>
    <message>
        <source>Created “%1”.</source>
        <translation>“%1”을(를) 생성했습니다.</translation>
    </message>
    <message>
        <source>Saved “%1” (revision %2).</source>
        <translation>“%1”을(를) 저장했습니다 (리비전 %2).</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>“%1”을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>The templates could not be loaded</source>
        <translation>템플릿을 불러오지 못했습니다</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Loading templates…</source>
        <translation>템플릿을 불러오는 중…</translation>
    </message>
    <message>
        <source>No image templates yet</source>
        <translation>아직 이미지 템플릿이 없습니다</translation>
    </message>
    <message>
        <source>An image template names the OS, the applications and the user script of the private images you build.</source>
        <translation>이미지 템플릿은 빌드할 개인 이미지의 OS, 애플리케이션, 사용자 스크립트를 정합니다.</translation>
    </message>
    <message>
        <source>Cannot Delete “%1”</source>
        <translation>“%1”을(를) 삭제할 수 없습니다</translation>
    </message>
    <message>
        <source>1 template</source>
        <translation>템플릿 1개</translation>
    </message>
    <message>
        <source>%1 templates</source>
        <translation>템플릿 %1개</translation>
    </message>
    <message>
        <source>%1 of 1 template shown</source>
        <translation>템플릿 1개 중 %1개 표시</translation>
    </message>
    <message>
        <source>%1 of %2 templates shown</source>
        <translation>템플릿 %2개 중 %1개 표시</translation>
    </message>
</context>
<context>
    <name>ib::ui::TemplateDetailsWidget</name>
    <message>
        <source>No template selected</source>
        <translation>선택한 템플릿 없음</translation>
    </message>
    <message>
        <source>Select an image template in the table to see its details.</source>
        <translation>상세 정보를 보려면 표에서 이미지 템플릿을 선택하세요.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>OS:</source>
        <translation>OS:</translation>
    </message>
    <message>
        <source>Applications:</source>
        <translation>애플리케이션:</translation>
    </message>
    <message>
        <source>Minimum block storage:</source>
        <translation>최소 블록 스토리지:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>설명:</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>리비전:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>생성:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>수정:</translation>
    </message>
    <message>
        <source>User script:</source>
        <translation>사용자 스크립트:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Linux</source>
        <translation>Linux</translation>
    </message>
    <message>
        <source>%1 %2 (not in the OS catalog)</source>
        <translation>%1 %2 (OS 카탈로그에 없음)</translation>
    </message>
    <message>
        <source>%1 (not in the application catalog)</source>
        <translation>%1 (애플리케이션 카탈로그에 없음)</translation>
    </message>
    <message>
        <source>%1 (not available for this OS)</source>
        <translation>%1 (이 OS에서는 사용할 수 없음)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>application name and version</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1GB</translation>
    </message>
    <message>
        <source>(no user script)</source>
        <translation>(사용자 스크립트 없음)</translation>
    </message>
</context>
<context>
    <name>ib::ui::TemplateDialog</name>
    <message>
        <source>Create Image Template</source>
        <translation>이미지 템플릿 생성</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Update Image Template — %1</source>
        <translation>이미지 템플릿 수정 — %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Save as a New Template</source>
        <translation>새 템플릿으로 저장</translation>
    </message>
    <message>
        <source>Overwrite with Mine</source>
        <translation>내 내용으로 덮어쓰기</translation>
    </message>
    <message>
        <source>Save your fields as they are now, on top of their revision</source>
        <translation>지금 입력된 내 내용을 상대방의 리비전 위에 저장합니다</translation>
    </message>
    <message>
        <source>Take Theirs</source>
        <translation>상대방 내용 가져오기</translation>
    </message>
    <message>
        <source>Replace your edits with their revision; nothing is saved</source>
        <translation>내 수정 내용을 상대방의 리비전으로 바꿉니다. 저장은 하지 않습니다</translation>
    </message>
    <message>
        <source>e.g. web-server-base</source>
        <translation>예: web-server-base</translation>
    </message>
    <message>
        <source>Up to 255 bytes: 255 English letters or 85 Korean syllables</source>
        <translation>최대 255바이트: 영문 255자 또는 한글 85자</translation>
    </message>
    <message>
        <source>Linux</source>
        <translation>Linux</translation>
    </message>
    <message>
        <source>Only Linux images can be built today</source>
        <translation>현재는 Linux 이미지만 빌드할 수 있습니다</translation>
    </message>
    <message>
        <source> GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>이름(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;OS</source>
        <translation>OS(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Applications</source>
        <translation>애플리케이션(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Minimum block
storage</source>
        <translation>최소 블록
스토리지(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>설명(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;User script</source>
        <translation>사용자 스크립트(&amp;U)</translation>
    </message>
    <message>
        <source>Runs as the image's default user after the applications are installed; use sudo for commands that need root. Line 1 must be a shebang, usually #!/bin/bash -e.</source>
        <translation>애플리케이션 설치 후 이미지의 기본 사용자 계정으로 실행됩니다. root 권한이 필요한 명령에는 sudo를 사용하세요. 첫 줄은 셔뱅이어야 하며, 보통 #!/bin/bash -e를 씁니다.</translation>
    </message>
    <message>
        <source>Convert to LF</source>
        <translation>LF로 변환</translation>
    </message>
    <message>
        <source>Replace the Windows (CRLF) line endings with Linux (LF) ones</source>
        <translation>Windows(CRLF) 줄 끝을 Linux(LF) 줄 끝으로 바꿉니다</translation>
    </message>
    <message>
        <source>This template was deleted by someone else while you edited it. Your edits are still here; save them as a new template or cancel.</source>
        <translation>수정하는 동안 다른 사람이 이 템플릿을 삭제했습니다. 수정 내용은 그대로 남아 있으니 새 템플릿으로 저장하거나 취소하세요.</translation>
    </message>
    <message>
        <source>The template could not be saved: %1
Your edits are still here; try again.</source>
        <translation>템플릿을 저장하지 못했습니다: %1
수정 내용은 그대로 남아 있으니 다시 시도하세요.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>application name and version</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Not available for %1; available for %2.</source>
        <translation>%1에서는 사용할 수 없습니다. 사용 가능한 OS: %2.</translation>
    </message>
    <message>
        <source>Conflicts with %1.</source>
        <translation>%1과(와) 충돌합니다.</translation>
    </message>
    <message>
        <source>Conflicts with %1: %2.</source>
        <translation>%1과(와) 충돌합니다: %2.</translation>
    </message>
    <message>
        <source>%1 — not available for this OS</source>
        <translation>%1 — 이 OS에서는 사용할 수 없음</translation>
    </message>
    <message>
        <source>%1 — conflicts with %2</source>
        <translation>%1 — %2과(와) 충돌</translation>
    </message>
    <message>
        <source>Needs at least %1 GB of block storage.</source>
        <translation>블록 스토리지가 %1GB 이상 필요합니다.</translation>
    </message>
    <message>
        <source>%1 needs at least %2 GB</source>
        <translation>%1에는 %2GB 이상이 필요합니다</translation>
    </message>
    <message>
        <source>The chosen applications fit in %1 GB</source>
        <translation>선택한 애플리케이션은 %1GB로 충분합니다</translation>
    </message>
    <message>
        <source>%1 to %2 GB</source>
        <translation>%1~%2GB</translation>
    </message>
    <message>
        <source>%1/%2 bytes</source>
        <translation>%1/%2바이트</translation>
    </message>
    <message>
        <source>%1/%2 characters</source>
        <translation>%1/%2자</translation>
    </message>
    <message>
        <source>Supported by the distribution until %1</source>
        <translation>배포판 지원 종료일: %1</translation>
    </message>
    <message>
        <source>shellcheck is not installed: only the shebang and the line endings are checked.</source>
        <translation>shellcheck가 설치되어 있지 않아 셔뱅과 줄 끝만 검사합니다.</translation>
    </message>
    <message>
        <source>Checking with shellcheck…</source>
        <translation>shellcheck로 검사하는 중…</translation>
    </message>
    <message>
        <source>%1 (%2 places)</source>
        <translation>%1 (%2곳)</translation>
    </message>
    <message>
        <source>shellcheck found nothing to warn about.</source>
        <translation>shellcheck 경고가 없습니다.</translation>
    </message>
    <message>
        <source>shellcheck's warnings do not stop you from saving.</source>
        <translation>shellcheck 경고가 있어도 저장할 수 있습니다.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <source>Someone else saved this template first (revision %1, at %2). You were editing revision %3; nothing of yours was saved and your edits are still in the fields below.</source>
        <translation>다른 사람이 이 템플릿을 먼저 저장했습니다 (리비전 %1, %2). 수정하던 리비전은 %3입니다. 내 내용은 저장되지 않았고, 수정 내용은 아래 입력란에 그대로 남아 있습니다.</translation>
    </message>
    <message>
        <source>Their revision and your fields are now the same.</source>
        <translation>상대방의 리비전과 내 입력 내용이 이제 같습니다.</translation>
    </message>
</context>
<context>
    <name>ib::ui::TemplateDiff</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>OS</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>애플리케이션</translation>
    </message>
    <message>
        <source>Minimum block storage</source>
        <translation>최소 블록 스토리지</translation>
    </message>
    <message>
        <source>User script</source>
        <translation>사용자 스크립트</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1GB</translation>
    </message>
    <message>
        <source>1 line</source>
        <translation>1줄</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation>%1줄</translation>
    </message>
    <message>
        <source>%1 (their text)</source>
        <translation>%1 (상대방 내용)</translation>
    </message>
    <message>
        <source>%1 (your text)</source>
        <translation>%1 (내 내용)</translation>
    </message>
    <message>
        <source>%1: they changed it to “%2”; you changed it to “%3”.</source>
        <translation>%1: 상대방은 “%2”(으)로, 나는 “%3”(으)로 바꿨습니다.</translation>
    </message>
    <message>
        <source>%1: they changed it to “%2”; you left it as “%3”.</source>
        <translation>%1: 상대방이 “%2”(으)로 바꿨습니다. 내 값은 “%3” 그대로입니다.</translation>
    </message>
    <message>
        <source>%1: you changed it to “%2”; they left it as “%3”.</source>
        <translation>%1: 내가 “%2”(으)로 바꿨습니다. 상대방 값은 “%3” 그대로입니다.</translation>
    </message>
</context>
<context>
    <name>ib::ui::TemplateTableModel</name>
    <message>
        <source>%1 GB</source>
        <translation>%1GB</translation>
    </message>
    <message>
        <source>No applications</source>
        <translation>애플리케이션 없음</translation>
    </message>
    <message>
        <source>Instances from this template's images need at least %1 GB of block storage.</source>
        <translation>이 템플릿으로 만든 이미지의 인스턴스에는 블록 스토리지가 %1GB 이상 필요합니다.</translation>
    </message>
    <message>
        <source>Not built yet</source>
        <translation>아직 빌드하지 않음</translation>
    </message>
    <message>
        <source>Revision %1, saved %2</source>
        <translation>리비전 %1, 저장 %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>OS</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>애플리케이션</translation>
    </message>
    <message>
        <source>Min. storage</source>
        <translation>최소 스토리지</translation>
    </message>
    <message>
        <source>Last build</source>
        <translation>최근 빌드</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>수정일</translation>
    </message>
    <message>
        <source>Minimum block storage (GB)</source>
        <translation>최소 블록 스토리지(GB)</translation>
    </message>
    <message>
        <source>State of the latest build from this template</source>
        <translation>이 템플릿의 최근 빌드 상태</translation>
    </message>
    <message>
        <source>When the template was last saved (local time)</source>
        <translation>템플릿을 마지막으로 저장한 시각(현지 시간)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Image Builder</source>
        <translation>Image Builder</translation>
    </message>
    <message>
        <source>The template store could not be opened.</source>
        <translation>템플릿 저장소를 열 수 없습니다.</translation>
    </message>
    <message>
        <source>%1

Store: %2

Choose another store with --db PATH or the IMAGEBUILDER_DB environment variable.</source>
        <translation>%1

저장소: %2

--db PATH 옵션이나 IMAGEBUILDER_DB 환경 변수로 다른 저장소를 지정하세요.</translation>
    </message>
</context>
</TS>
