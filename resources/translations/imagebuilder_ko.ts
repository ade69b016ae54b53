<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>BuildTexts</name>
    <message>
        <source>Queued</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>성공</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>Prepare keys and cloud-init data</source>
        <translation>키와 cloud-init 데이터 준비</translation>
    </message>
    <message>
        <source>Launch the VM</source>
        <translation>VM 시작</translation>
    </message>
    <message>
        <source>Connect over SSH</source>
        <translation>SSH 연결</translation>
    </message>
    <message>
        <source>Wait for cloud-init</source>
        <translation>cloud-init 완료 대기</translation>
    </message>
    <message>
        <source>Install applications</source>
        <translation>애플리케이션 설치</translation>
    </message>
    <message>
        <source>Run the user script</source>
        <translation>사용자 스크립트 실행</translation>
    </message>
    <message>
        <source>Generalize the system</source>
        <translation>시스템 일반화</translation>
    </message>
    <message>
        <source>Power off the VM</source>
        <translation>VM 전원 끄기</translation>
    </message>
    <message>
        <source>Save the disk as an image</source>
        <translation>디스크를 이미지로 저장</translation>
    </message>
    <message>
        <source>Clean up</source>
        <translation>정리</translation>
    </message>
    <message>
        <source>Running: %1</source>
        <translation>실행 중: %1</translation>
    </message>
    <message>
        <source>Test the image</source>
        <translation>이미지 테스트</translation>
    </message>
    <message>
        <source>unknown CPU</source>
        <translation>알 수 없는 CPU</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>an OS and its CPU: Debian 12 (arm64)</comment>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>ib::BaseImageLibrary</name>
    <message>
        <source>Give the image&apos;s default login user (debian, ubuntu, rocky, ...).</source>
        <translation>이미지의 기본 로그인 사용자(debian, ubuntu, rocky 등)를 입력하세요.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid Linux user name (lower-case letters, digits, &apos;_&apos; and &apos;-&apos;, at most 32).</source>
        <translation>“%1”은(는) 올바른 Linux 사용자 이름이 아닙니다(영문 소문자, 숫자, &apos;_&apos;, &apos;-&apos;만 사용, 최대 32자).</translation>
    </message>
    <message>
        <source>Builds log in as the image&apos;s default user and use sudo; root logins are disabled in cloud images. Give the default user.</source>
        <translation>빌드는 이미지의 기본 사용자로 로그인하여 sudo를 사용합니다. 클라우드 이미지에서는 root 로그인이 비활성화되어 있으므로 기본 사용자를 입력하세요.</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file.</source>
        <translation>%1이(가) 없거나 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not in the OS catalog; choose one of: %2.</source>
        <translation>“%1”은(는) OS 카탈로그에 없습니다. 다음 중에서 선택하세요: %2.</translation>
    </message>
    <message>
        <source>%1 is a %2 image; import a qcow2 or raw file.</source>
        <translation>%1은(는) %2 이미지입니다. qcow2 또는 raw 파일을 가져오세요.</translation>
    </message>
    <message>
        <source>Cannot run qemu-img: %1</source>
        <translation>qemu-img를 실행할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Copying %1 into the library failed: %2</source>
        <translation>%1을(를) 라이브러리로 복사하지 못했습니다: %2</translation>
    </message>
    <message>
        <source>Cannot move the copy to %1.</source>
        <translation>복사본을 %1(으)로 옮길 수 없습니다.</translation>
    </message>
    <message>
        <source>Import a distribution&apos;s cloud image instead (imagebuilder-cli base-image import FILE --os DISTRO:VERSION --user LOGIN):</source>
        <translation>대신 배포판의 클라우드 이미지를 가져오세요(imagebuilder-cli base-image import FILE --os DISTRO:VERSION --user LOGIN):</translation>
    </message>
    <message>
        <source>Making a Debian base image needs Linux (debootstrap and loop devices).
</source>
        <translation>Debian 기본 이미지를 만들려면 Linux가 필요합니다(debootstrap과 루프 장치).
</translation>
    </message>
    <message>
        <source>The base image script make-debian-base-image.sh is not installed.
</source>
        <translation>기본 이미지 스크립트 make-debian-base-image.sh가 설치되어 있지 않습니다.
</translation>
    </message>
    <message>
        <source>Making a base image needs root: debootstrap builds a Debian system, then a loop device installs its boot loader. </source>
        <translation>기본 이미지를 만들려면 root 권한이 필요합니다. debootstrap이 Debian 시스템을 만든 뒤 루프 장치로 부트 로더를 설치합니다. </translation>
    </message>
    <message>
        <source>Run `imagebuilder-cli base-image create debian:12` in a terminal: it runs only the script through sudo and adds the image to your library.
</source>
        <translation>터미널에서 `imagebuilder-cli base-image create debian:12`를 실행하세요. 스크립트만 sudo로 실행하고 이미지를 라이브러리에 추가합니다.
</translation>
    </message>
    <message>
        <source>sudo is not installed: run it as root, or install sudo.
</source>
        <translation>sudo가 설치되어 있지 않습니다. root로 실행하거나 sudo를 설치하세요.
</translation>
    </message>
    <message>
        <source>pkexec (polkit) is not installed, so this app cannot ask for the administrator password. Install it (apt install pkexec), or run `imagebuilder-cli base-image create debian:12` in a terminal (it runs only the script through sudo).
</source>
        <translation>pkexec(polkit)이 설치되어 있지 않아 관리자 비밀번호를 요청할 수 없습니다. pkexec를 설치하거나(apt install pkexec) 터미널에서 `imagebuilder-cli base-image create debian:12`를 실행하세요(스크립트만 sudo로 실행합니다).
</translation>
    </message>
    <message>
        <source>Asking for the administrator password (polkit) to run the base image script as root ...</source>
        <translation>기본 이미지 스크립트를 root로 실행하기 위해 관리자 비밀번호를 요청하는 중(polkit)...</translation>
    </message>
    <message>
        <source>Running the base image script as root through sudo ...</source>
        <translation>sudo로 기본 이미지 스크립트를 root로 실행하는 중...</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>%1을(를) 실행할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Cancelling: stopping the script and cleaning up ...</source>
        <translation>취소하는 중: 스크립트를 중지하고 정리하는 중...</translation>
    </message>
    <message>
        <source>Making the base image was cancelled.</source>
        <translation>기본 이미지 만들기가 취소되었습니다.</translation>
    </message>
    <message>
        <source>The administrator password was not given (pkexec: %1), so no base image was made.
%2</source>
        <translation>관리자 비밀번호가 입력되지 않아(pkexec: %1) 기본 이미지를 만들지 않았습니다.
%2</translation>
    </message>
    <message>
        <source>sudo needs a password and there is no terminal to ask on. Run `imagebuilder-cli base-image create debian:12` in a terminal.
%1</source>
        <translation>sudo에 비밀번호가 필요하지만 입력받을 터미널이 없습니다. 터미널에서 `imagebuilder-cli base-image create debian:12`를 실행하세요.
%1</translation>
    </message>
    <message>
        <source>Making the Debian 12 base image failed:
%1
%2</source>
        <translation>Debian 12 기본 이미지를 만들지 못했습니다:
%1
%2</translation>
    </message>
    <message>
        <source>%1 cannot be imported: %2</source>
        <translation>%1을(를) 가져올 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Enter a name for the base image.</source>
        <translation>베이스 이미지의 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>The name is %1 bytes long in UTF-8; at most 255 (255 English or 85 Korean characters).</source>
        <translation>이름이 UTF-8로 %1바이트입니다. 최대 255바이트(영문 255자, 한글 85자)까지 가능합니다.</translation>
    </message>
    <message>
        <source>The name has a control character; use letters, digits, spaces and punctuation.</source>
        <translation>이름에 제어 문자가 있습니다. 문자, 숫자, 공백, 문장 부호만 사용하세요.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an architecture Image Builder builds on; give x86_64 (amd64) or aarch64 (arm64).</source>
        <translation>&quot;%1&quot;은(는) Image Builder가 빌드할 수 있는 아키텍처가 아닙니다. x86_64(amd64) 또는 aarch64(arm64)를 지정하세요.</translation>
    </message>
    <message>
        <source>Making a base image here builds a Debian for this computer&apos;s CPU, and Image Builder builds only x86-64 and arm64 images; this one is %1.
</source>
        <translation>여기서 만드는 베이스 이미지는 이 컴퓨터의 CPU용 Debian이며, Image Builder는 x86-64와 arm64 이미지만 빌드합니다. 이 컴퓨터는 %1입니다.
</translation>
    </message>
</context>
<context>
    <name>ib::BuildService</name>
    <message>
        <source>There is no provider or cloud account &quot;%1&quot;; `cloud list` shows the accounts.</source>
        <translation>“%1” 공급자나 클라우드 계정이 없습니다. `cloud list`로 계정을 확인하세요.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; breaks a rule (%2); update it first.</source>
        <translation>“%1”이(가) 규칙에 맞지 않습니다(%2). 먼저 이미지 템플릿을 수정하세요.</translation>
    </message>
    <message>
        <source>no provider &quot;%1&quot; is configured.</source>
        <translation>“%1” 공급자가 설정되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>Build %1 has already ended (%2); there is nothing to cancel.</source>
        <translation>빌드 %1은(는) 이미 끝났습니다(%2). 취소할 작업이 없습니다.</translation>
    </message>
    <message>
        <source>Cannot ask %1 to cancel the build.</source>
        <translation>%1에 빌드 취소를 요청할 수 없습니다.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a build id (a UUID).</source>
        <translation>“%1”은(는) 빌드 ID(UUID)가 아닙니다.</translation>
    </message>
    <message>
        <source>The file %1 was left in place: it is not in this installation&apos;s images folder %2.</source>
        <translation>%1 파일은 그대로 두었습니다. 이 설치의 이미지 폴더 %2 안에 있지 않습니다.</translation>
    </message>
    <message>
        <source>%1 is not a regular file; nothing was removed.</source>
        <translation>%1은(는) 일반 파일이 아니어서 아무것도 삭제하지 않았습니다.</translation>
    </message>
    <message>
        <source>Cannot remove %1; the image&apos;s record is kept.</source>
        <translation>%1을(를) 삭제할 수 없어 이미지 기록을 남겨 두었습니다.</translation>
    </message>
    <message>
        <source>The image is on cloud account &quot;%1&quot;, which is not configured; add it with `cloud add`.</source>
        <translation>이미지가 설정되지 않은 클라우드 계정 “%1”에 있습니다. `cloud add`로 계정을 추가하세요.</translation>
    </message>
</context>
<context>
    <name>ib::StarterTemplates</name>
    <message>
        <source>Web server (nginx)</source>
        <translation>웹 서버(nginx)</translation>
    </message>
    <message>
        <source>Starter: nginx serving HTTP on port 80.</source>
        <translation>스타터: 포트 80에서 HTTP를 제공하는 nginx.</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL 서버</translation>
    </message>
    <message>
        <source>Starter: PostgreSQL, listening on localhost until you configure it.</source>
        <translation>스타터: PostgreSQL. 설정하기 전까지는 localhost에서만 수신합니다.</translation>
    </message>
    <message>
        <source>Docker host</source>
        <translation>Docker 호스트</translation>
    </message>
    <message>
        <source>Starter: the Docker engine, for images that run containers.</source>
        <translation>스타터: 컨테이너를 실행하는 이미지용 Docker 엔진.</translation>
    </message>
    <message>
        <source>%1 is not in the application catalog.</source>
        <translation>%1은(는) 애플리케이션 카탈로그에 없습니다.</translation>
    </message>
    <message>
        <source>%1 is not available on %2.</source>
        <translation>%1은(는) %2에서 사용할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>ib::Store</name>
    <message>
        <source>&quot;%1&quot; was changed by someone else (now at revision %2, you edited revision %3); nothing was overwritten. Review their changes and apply yours again.</source>
        <translation>다른 사용자가 “%1”을(를) 변경했습니다(현재 리비전 %2, 편집한 리비전 %3). 아무것도 덮어쓰지 않았습니다. 변경 내용을 확인한 뒤 내 변경 사항을 다시 적용하세요.</translation>
    </message>
</context>
<context>
    <name>ib::TemplateRules</name>
    <message>
        <source>A template named &quot;%1&quot; already exists (names are compared ignoring case); choose another name.</source>
        <translation>이름이 “%1”인 이미지 템플릿이 이미 있습니다(대소문자를 구분하지 않고 비교합니다). 다른 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>a line break</source>
        <translation>줄 바꿈</translation>
    </message>
    <message>
        <source>a carriage return</source>
        <translation>캐리지 리턴</translation>
    </message>
    <message>
        <source>a tab</source>
        <translation>탭</translation>
    </message>
    <message>
        <source>the control character U+%1</source>
        <translation>제어 문자 U+%1</translation>
    </message>
    <message>
        <source>Enter a name for the template.</source>
        <translation>이미지 템플릿 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>The name cannot be only spaces; enter a name.</source>
        <translation>이름은 공백만으로 이루어질 수 없습니다. 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>The name contains %1 at character %2; remove it (a name is one line of text).</source>
        <translation>이름의 %2번째 문자에 %1이(가) 있습니다. 삭제하세요(이름은 한 줄이어야 합니다).</translation>
    </message>
    <message>
        <source>Remove the spaces at the start or end of the name.</source>
        <translation>이름 앞뒤의 공백을 삭제하세요.</translation>
    </message>
    <message>
        <source>The name uses %1 of %2 bytes; shorten it by %3 bytes (an English letter takes 1 byte, a Korean syllable 3: at most 255 English or 85 Korean characters).</source>
        <translation>이름이 %2바이트 중 %1바이트를 사용합니다. %3바이트만큼 줄이세요(영문자는 1바이트, 한글 한 글자는 3바이트: 영문 최대 255자, 한글 최대 85자).</translation>
    </message>
    <message>
        <source>Only Linux images can be built (OS type &quot;%1&quot; is not supported); choose one of: %2.</source>
        <translation>Linux 이미지만 빌드할 수 있습니다(OS 유형 “%1”은(는) 지원하지 않습니다). 다음 중에서 선택하세요: %2.</translation>
    </message>
    <message>
        <source>Choose an OS distribution and version: %1.</source>
        <translation>OS 배포판과 버전을 선택하세요: %1.</translation>
    </message>
    <message>
        <source>%1 %2 is not in the OS catalog; choose one of: %3.</source>
        <translation>%1 %2은(는) OS 카탈로그에 없습니다. 다음 중에서 선택하세요: %3.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not in the application catalog; remove it.</source>
        <translation>“%1”은(는) 애플리케이션 카탈로그에 없습니다. 삭제하세요.</translation>
    </message>
    <message>
        <source>%1 is chosen twice; choose it once.</source>
        <translation>%1이(가) 두 번 선택되었습니다. 한 번만 선택하세요.</translation>
    </message>
    <message>
        <source>%1 is not available for %2; remove it or choose an OS it supports (%3).</source>
        <translation>%1은(는) %2에서 사용할 수 없습니다. 삭제하거나 지원하는 OS(%3)를 선택하세요.</translation>
    </message>
    <message>
        <source>%1 and %2 cannot be chosen together; remove one of them.</source>
        <translation>%1과(와) %2은(는) 함께 선택할 수 없습니다. 하나를 삭제하세요.</translation>
    </message>
    <message>
        <source>%1 and %2 cannot be chosen together (%3); remove one of them.</source>
        <translation>%1과(와) %2은(는) 함께 선택할 수 없습니다(%3). 하나를 삭제하세요.</translation>
    </message>
    <message>
        <source>Minimum block storage must be a whole number of GB from %1 to %2; %3 is outside that range.</source>
        <translation>최소 블록 스토리지는 %1~%2GB 사이의 정수여야 합니다. %3은(는) 범위를 벗어납니다.</translation>
    </message>
    <message>
        <source>the value given</source>
        <translation>입력한 값</translation>
    </message>
    <message>
        <source>%1 needs at least %2 GB of block storage; raise the minimum to %2 GB or more.</source>
        <translation>%1에는 %2GB 이상의 블록 스토리지가 필요합니다. 최소 블록 스토리지를 %2GB 이상으로 늘리세요.</translation>
    </message>
    <message>
        <source>The description has %1 characters; at most %2 are allowed, so shorten it by %3.</source>
        <translation>설명이 %1자입니다. 최대 %2자까지 입력할 수 있으므로 %3자만큼 줄이세요.</translation>
    </message>
    <message>
        <source>The description contains a NUL character; remove it.</source>
        <translation>설명에 NUL 문자가 있습니다. 삭제하세요.</translation>
    </message>
    <message>
        <source>The script contains a NUL byte at offset %1; it must be a text file.</source>
        <translation>스크립트의 오프셋 %1에 NUL 바이트가 있습니다. 스크립트는 텍스트 파일이어야 합니다.</translation>
    </message>
    <message>
        <source>The script is not valid UTF-8; save it with UTF-8 encoding.</source>
        <translation>스크립트가 올바른 UTF-8이 아닙니다. UTF-8 인코딩으로 저장하세요.</translation>
    </message>
    <message>
        <source>The script is %1 bytes; at most %2 bytes (64 KiB) are allowed. Move large content to files the script downloads or builds.</source>
        <translation>스크립트가 %1바이트입니다. 최대 %2바이트(64KiB)까지 허용됩니다. 큰 내용은 스크립트가 내려받거나 만드는 파일로 옮기세요.</translation>
    </message>
    <message>
        <source>The script contains a NUL character; it must be text.</source>
        <translation>스크립트에 NUL 문자가 있습니다. 스크립트는 텍스트여야 합니다.</translation>
    </message>
    <message>
        <source>The script starts with a byte-order mark (BOM); remove it so line 1 starts with &quot;#!&quot;.</source>
        <translation>스크립트가 바이트 순서 표시(BOM)로 시작합니다. 1행이 “#!”로 시작하도록 BOM을 삭제하세요.</translation>
    </message>
    <message>
        <source>The script has Windows (CRLF) line endings, which break the shebang and every command on Linux; convert them to LF.</source>
        <translation>스크립트의 줄 끝이 Windows 형식(CRLF)입니다. Linux에서는 셔뱅과 모든 명령이 실패하므로 LF로 변환하세요.</translation>
    </message>
    <message>
        <source>Line 1 is blank; the shebang must be on line 1, e.g. &quot;#!/bin/bash -e&quot;.</source>
        <translation>1행이 비어 있습니다. 셔뱅은 1행에 있어야 합니다(예: “#!/bin/bash -e”).</translation>
    </message>
    <message>
        <source>Remove what stands before &quot;#!&quot; on line 1; the shebang must start at the first character.</source>
        <translation>1행의 “#!” 앞에 있는 내용을 삭제하세요. 셔뱅은 첫 번째 문자부터 시작해야 합니다.</translation>
    </message>
    <message>
        <source>Line 1 must be a shebang naming a shell, e.g. &quot;#!/bin/bash -e&quot;.</source>
        <translation>1행은 셸을 지정하는 셔뱅이어야 합니다(예: “#!/bin/bash -e”).</translation>
    </message>
    <message>
        <source>The shebang names no interpreter; write e.g. &quot;#!/bin/bash -e&quot;.</source>
        <translation>셔뱅에 인터프리터가 없습니다. “#!/bin/bash -e”와 같이 입력하세요.</translation>
    </message>
    <message>
        <source>The shebang&apos;s interpreter &quot;%1&quot; must be an absolute path, e.g. &quot;#!/bin/bash -e&quot; or &quot;#!/usr/bin/env bash&quot;.</source>
        <translation>셔뱅의 인터프리터 “%1”은(는) 절대 경로여야 합니다(예: “#!/bin/bash -e” 또는 “#!/usr/bin/env bash”).</translation>
    </message>
    <message>
        <source>User scripts must be shell scripts: the shebang names &quot;%1&quot;; use sh, bash, dash, zsh or ksh, e.g. &quot;#!/bin/bash -e&quot;.</source>
        <translation>사용자 스크립트는 셸 스크립트여야 합니다. 셔뱅이 “%1”을(를) 지정합니다. sh, bash, dash, zsh, ksh 중 하나를 사용하세요(예: “#!/bin/bash -e”).</translation>
    </message>
</context>
<context>
    <name>ib::buildrules</name>
    <message>
        <source>Enter a name for the image.</source>
        <translation>이미지 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>The image name has %1 characters; at most %2 are allowed, so shorten it by %3.</source>
        <translation>이미지 이름이 %1자입니다. 최대 %2자까지 입력할 수 있으므로 %3자만큼 줄이세요.</translation>
    </message>
    <message>
        <source>The image name may hold only English letters, digits, spaces, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;; character %1 (&quot;%2&quot;) is not one of them.</source>
        <translation>이미지 이름에는 영문자, 숫자, 공백, &apos;-&apos;, &apos;_&apos;, &apos;.&apos;만 사용할 수 있습니다. %1번째 문자(“%2”)는 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>The image name cannot be only spaces.</source>
        <translation>이미지 이름은 공백만으로 이루어질 수 없습니다.</translation>
    </message>
    <message>
        <source>%1 is %2, but the template builds %3.</source>
        <translation>%1은(는) %2이지만 이미지 템플릿은 %3을(를) 빌드합니다.</translation>
    </message>
    <message>
        <source>%1 is not available for %2.</source>
        <translation>%1은(는) %2에서 사용할 수 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n base image(s) hidden: the template needs %1.</source>
        <translation>
            <numerusform>기본 이미지 %n개가 숨겨졌습니다. 이미지 템플릿에 %1이(가) 필요합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>This %1 image runs under software emulation on this %2 computer (hardware acceleration runs only %2 guests): expect the build to take several times longer.</source>
        <translation>이 %1 이미지는 이 %2 컴퓨터에서 소프트웨어 에뮬레이션으로 실행됩니다(하드웨어 가속은 %2 게스트만 실행합니다). 빌드가 몇 배 오래 걸립니다.</translation>
    </message>
    <message>
        <source>“%1” is the same OS for %2: choose it to build with hardware acceleration.</source>
        <translation>“%1”은(는) 같은 OS의 %2 이미지입니다. 하드웨어 가속으로 빌드하려면 이것을 선택하십시오.</translation>
    </message>
    <message>
        <source>To build faster, import an %1 cloud image of this OS.</source>
        <translation>더 빨리 빌드하려면 이 OS의 %1 클라우드 이미지를 가져오십시오.</translation>
    </message>
    <message>
        <source>To build faster, download %1 from %2 and import it (login user %3).</source>
        <translation>더 빨리 빌드하려면 %2에서 %1을(를) 내려받아 가져오십시오(로그인 사용자 %3).</translation>
    </message>
</context>
<context>
    <name>ib::local::Accelerator</name>
    <message>
        <source>Using TCG (software emulation) because the settings ask for it; builds are several times slower than with %1.</source>
        <translation>설정에서 요청했으므로 TCG(소프트웨어 에뮬레이션)를 사용합니다. 빌드가 %1보다 몇 배 느립니다.</translation>
    </message>
    <message>
        <source>Using %1 because the settings ask for hardware acceleration.</source>
        <translation>설정에서 하드웨어 가속을 요청했으므로 %1을(를) 사용합니다.</translation>
    </message>
    <message>
        <source>Using %1 because the settings ask for hardware acceleration, although %2; if the VM does not start, set the accelerator back to automatic.</source>
        <translation>설정에서 하드웨어 가속을 요청했으므로 %1을(를) 사용합니다(문제: %2). VM이 시작되지 않으면 가속기를 자동으로 되돌리세요.</translation>
    </message>
    <message>
        <source>this QEMU was built without %1</source>
        <translation>이 QEMU는 %1 없이 빌드됨</translation>
    </message>
    <message>
        <source>Using TCG (software emulation, slow) because this QEMU was built without %1.</source>
        <translation>이 QEMU는 %1 없이 빌드되었으므로 TCG(소프트웨어 에뮬레이션, 느림)를 사용합니다.</translation>
    </message>
    <message>
        <source>Using TCG (software emulation, slow) because %1.</source>
        <translation>TCG(소프트웨어 에뮬레이션, 느림)를 사용합니다. 이유: %1.</translation>
    </message>
    <message>
        <source>Using %1 hardware acceleration.</source>
        <translation>%1 하드웨어 가속을 사용합니다.</translation>
    </message>
    <message>
        <source>/dev/kvm cannot be opened</source>
        <translation>/dev/kvm을 열 수 없음</translation>
    </message>
    <message>
        <source>/dev/kvm cannot be opened (%1)</source>
        <translation>/dev/kvm을 열 수 없음(%1)</translation>
    </message>
    <message>
        <source>/dev/kvm opens but the CPU shows no vmx or svm in /proc/cpuinfo (a nested or paravirtual KVM that cannot boot a stock kernel)</source>
        <translation>/dev/kvm은 열리지만 /proc/cpuinfo에 CPU의 vmx나 svm이 없음(일반 커널을 부팅할 수 없는 중첩 또는 반가상화 KVM)</translation>
    </message>
    <message>
        <source>macOS reports no Hypervisor.framework support (sysctl kern.hv_support is not 1)</source>
        <translation>macOS가 Hypervisor.framework를 지원하지 않는다고 보고함(sysctl kern.hv_support가 1이 아님)</translation>
    </message>
    <message>
        <source>Using TCG (software emulation, slow) because this Mac has an Intel CPU and HVF runs only x86-64 guests, not this arm64 image.</source>
        <translation>이 Mac은 Intel CPU이고 HVF는 이 arm64 이미지가 아닌 x86-64 게스트만 실행하므로 TCG(소프트웨어 에뮬레이션, 느림)를 사용합니다.</translation>
    </message>
    <message>
        <source>QEMU does not list WHPX (turn on the Windows Hypervisor Platform feature)</source>
        <translation>QEMU 목록에 WHPX가 없음(Windows 하이퍼바이저 플랫폼 기능을 켜세요)</translation>
    </message>
    <message>
        <source>Using TCG (software emulation, slow) because Image Builder knows no hardware accelerator on this system.</source>
        <translation>Image Builder가 이 시스템의 하드웨어 가속기를 알지 못하므로 TCG(소프트웨어 에뮬레이션, 느림)를 사용합니다.</translation>
    </message>
    <message>
        <source>Using TCG (software emulation, very slow) because %1 runs only guests of this computer&apos;s own architecture (%2), not this %3 image.</source>
        <translation>%1은(는) 이 컴퓨터와 같은 아키텍처(%2)의 게스트만 실행하므로 이 %3 이미지는 TCG(소프트웨어 에뮬레이션, 매우 느림)로 실행합니다.</translation>
    </message>
    <message>
        <source>Using TCG (software emulation, slow: expect the build to take several times longer than on an Intel Mac or a Linux PC) because this Mac has an Apple Silicon CPU and HVF runs only arm64 guests, not this x86-64 image; an arm64 base image of the same OS builds with HVF.</source>
        <translation>이 Mac은 Apple Silicon CPU이고 HVF는 arm64 게스트만 실행하므로(이 x86-64 이미지는 실행하지 않음) TCG(소프트웨어 에뮬레이션, 느림: Intel Mac이나 Linux PC보다 빌드가 몇 배 오래 걸립니다)를 사용합니다. 같은 OS의 arm64 베이스 이미지는 HVF로 빌드합니다.</translation>
    </message>
</context>
<context>
    <name>ib::openstack::CloudAccount</name>
    <message>
        <source>use 1 to 63 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>영문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;로 1~63자를 쓰고, 영문자나 숫자로 시작하십시오.</translation>
    </message>
    <message>
        <source>&quot;local&quot; is this machine&apos;s QEMU provider; choose another name.</source>
        <translation>&quot;local&quot;은 이 컴퓨터의 QEMU 공급자 이름입니다. 다른 이름을 고르십시오.</translation>
    </message>
    <message>
        <source>give the identity service&apos;s URL (https://...).</source>
        <translation>인증(Identity) 서비스의 URL(https://...)을 입력하십시오.</translation>
    </message>
    <message>
        <source>Keystone 2.0 (NHN Cloud) or 3 are supported.</source>
        <translation>Keystone 2.0(NHN Cloud)과 3을 지원합니다.</translation>
    </message>
    <message>
        <source>NHN Cloud regions are %1.</source>
        <translation>NHN Cloud 리전은 %1입니다.</translation>
    </message>
    <message>
        <source>give the tenant ID shown under Compute &gt; Instance &gt; Set API Endpoint in the console.</source>
        <translation>콘솔의 Compute &gt; Instance &gt; API 엔드포인트 설정에 나오는 테넌트 ID를 입력하십시오.</translation>
    </message>
    <message>
        <source>give the project name or id the builds run in.</source>
        <translation>빌드를 실행할 프로젝트 이름이나 ID를 입력하십시오.</translation>
    </message>
    <message>
        <source>give the user name (NHN Cloud: the console login e-mail).</source>
        <translation>사용자 이름을 입력하십시오(NHN Cloud: 콘솔 로그인 이메일).</translation>
    </message>
    <message>
        <source>give a port from 1 to 65535.</source>
        <translation>1~65535 사이의 포트를 입력하십시오.</translation>
    </message>
    <message>
        <source>give the CA file&apos;s absolute path (%1 is relative).</source>
        <translation>CA 파일의 절대 경로를 입력하십시오(%1은 상대 경로입니다).</translation>
    </message>
</context>
<context>
    <name>ib::openstack::OpenStackClient</name>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1이(가) %2초 안에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2.</source>
        <translation>%1에 연결할 수 없습니다: %2.</translation>
    </message>
    <message>
        <source>Use the API password set under Compute &gt; Instance &gt; Set API Endpoint, not the console password, and check the tenant ID.</source>
        <translation>콘솔 비밀번호가 아니라 Compute &gt; Instance &gt; API 엔드포인트 설정에서 정한 API 비밀번호를 쓰고, 테넌트 ID를 확인하십시오.</translation>
    </message>
    <message>
        <source>Check the user, its domain, the project and the password.</source>
        <translation>사용자, 사용자의 도메인, 프로젝트, 비밀번호를 확인하십시오.</translation>
    </message>
    <message>
        <source>The cloud refused the user name or password of account %1 (401).</source>
        <translation>클라우드가 계정 %1의 사용자 이름 또는 비밀번호를 거부했습니다(401).</translation>
    </message>
    <message>
        <source>The cloud said: &quot;%1&quot;.</source>
        <translation>클라우드의 응답: &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>ib::publish::PublishRules</name>
    <message>
        <source>The name in the cloud is empty; type one.</source>
        <translation>클라우드에서의 이름이 비어 있습니다. 이름을 입력하십시오.</translation>
    </message>
    <message>
        <source>The name in the cloud has %1 characters; a cloud image name has at most %2. Shorten it.</source>
        <translation>클라우드에서의 이름이 %1자입니다. 클라우드 이미지 이름은 최대 %2자입니다. 줄이십시오.</translation>
    </message>
    <message>
        <source>The name in the cloud contains control characters; type it without them.</source>
        <translation>클라우드에서의 이름에 제어 문자가 있습니다. 제어 문자 없이 입력하십시오.</translation>
    </message>
    <message>
        <source>It is not known which cloud-init datasources image “%1” has (it was built before Image Builder recorded them, or imported), so it may never receive its SSH key on %2 (%3). Rebuild it from a base image whose cloud-init lists OpenStack or ConfigDrive, or tick “Publish even if the image&apos;s cloud-init datasources are unknown” if you know it does.</source>
        <translation>이미지 “%1”의 cloud-init 데이터 소스를 알 수 없습니다(Image Builder가 기록하기 전에 빌드했거나 가져온 이미지). 그래서 %2(%3)에서 SSH 키를 받지 못할 수 있습니다. cloud-init에 OpenStack 또는 ConfigDrive가 있는 기본 이미지로 다시 빌드하거나, 있다는 것을 알면 “이미지의 cloud-init 데이터 소스를 알 수 없어도 게시”를 선택하십시오.</translation>
    </message>
</context>
<context>
    <name>ib::ui::AboutDialog</name>
    <message>
        <source>About Image Builder</source>
        <translation>Image Builder 정보</translation>
    </message>
    <message>
        <source>Image Builder</source>
        <translation>Image Builder</translation>
    </message>
    <message>
        <source>Keep VM image templates and build private images from them.</source>
        <translation>VM 이미지 템플릿을 관리하고 템플릿으로 개인 이미지를 빌드합니다.</translation>
    </message>
    <message>
        <source>Copy Version Info</source>
        <translation>버전 정보 복사</translation>
    </message>
</context>
<context>
    <name>ib::ui::ActiveBuilds</name>
    <message>
        <source>1 build running</source>
        <translation>빌드 1개 실행 중</translation>
    </message>
    <message>
        <source>%1 builds running</source>
        <translation>빌드 %1개 실행 중</translation>
    </message>
    <message>
        <source> — “%1”: %2</source>
        <translation> — “%1”: %2</translation>
    </message>
    <message>
        <source>, 1 queued</source>
        <translation>, 1개 대기 중</translation>
    </message>
    <message>
        <source>, %1 queued</source>
        <translation>, %1개 대기 중</translation>
    </message>
    <message>
        <source>, 1 failed build&apos;s VM kept for debugging</source>
        <translation>, 실패한 빌드 1개의 VM을 디버깅용으로 유지 중</translation>
    </message>
    <message>
        <source>, %1 failed builds&apos; VMs kept for debugging</source>
        <translation>, 실패한 빌드 %1개의 VM을 디버깅용으로 유지 중</translation>
    </message>
    <message>
        <source>The failed build of the image “%1” (build %2) keeps its VM for debugging. Release the VM, then delete the template.</source>
        <translation>이미지 “%1”의 실패한 빌드(빌드 %2)가 디버깅용 VM을 유지하고 있습니다. VM을 해제한 뒤 이미지 템플릿을 삭제하세요.</translation>
    </message>
    <message>
        <source>The build of the image “%1” (build %2) is %3. Cancel it or wait until it ends, then delete the template.</source>
        <translation>이미지 “%1”의 빌드(빌드 %2)가 %3입니다. 빌드를 취소하거나 끝날 때까지 기다린 뒤 템플릿을 삭제하세요.</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Cleaning up 1 build…</source>
        <translation>빌드 1개를 정리하는 중…</translation>
    </message>
    <message>
        <source>Cleaning up %1 builds…</source>
        <translation>빌드 %1개를 정리하는 중…</translation>
    </message>
    <message>
        <source>1 build queued</source>
        <translation>빌드 1개 대기 중</translation>
    </message>
    <message>
        <source>%1 builds queued</source>
        <translation>빌드 %1개 대기 중</translation>
    </message>
    <message>
        <source>1 failed build&apos;s VM kept for debugging</source>
        <translation>실패한 빌드 1개의 VM을 디버깅용으로 유지 중</translation>
    </message>
    <message>
        <source>%1 failed builds&apos; VMs kept for debugging</source>
        <translation>실패한 빌드 %1개의 VM을 디버깅용으로 유지 중</translation>
    </message>
</context>
<context>
    <name>ib::ui::BaseImagesPanel</name>
    <message>
        <source>&amp;Import…</source>
        <translation>가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Make Debian 12…</source>
        <translation>Debian 12 만들기(&amp;M)…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>이름 변경(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source>Rename Base Image</source>
        <translation>베이스 이미지 이름 변경</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>새 이름:</translation>
    </message>
    <message>
        <source>Remove Base Image</source>
        <translation>베이스 이미지 제거</translation>
    </message>
    <message>
        <source>Remove the base image “%1”?</source>
        <translation>베이스 이미지 “%1”을(를) 제거할까요?</translation>
    </message>
    <message>
        <source>Its copy in this computer&apos;s base image folder is deleted. Images built from it stay. This cannot be undone.</source>
        <translation>이 컴퓨터의 베이스 이미지 폴더에 있는 사본이 삭제됩니다. 이 이미지로 빌드한 이미지는 그대로 남습니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
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
        <source>Login user</source>
        <translation>로그인 사용자</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Suits templates</source>
        <translation>맞는 템플릿</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>추가일</translation>
    </message>
    <message>
        <source>The base images could not be loaded: %1</source>
        <translation>베이스 이미지를 불러오지 못했습니다: %1</translation>
    </message>
    <message>
        <source>%1
Base image %2
%3</source>
        <translation>%1
베이스 이미지 %2
%3</translation>
    </message>
    <message>
        <source>not here</source>
        <translation>이 컴퓨터에 없음</translation>
    </message>
    <message>
        <source>Its file is not in this computer&apos;s base image folder (added by another member of a team store, or deleted).</source>
        <translation>파일이 이 컴퓨터의 베이스 이미지 폴더에 없습니다(팀 저장소의 다른 구성원이 추가했거나 삭제됨).</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>No base images yet: import a distribution&apos;s cloud image, or make a Debian 12 one.</source>
        <translation>아직 베이스 이미지가 없습니다. 배포판의 클라우드 이미지를 가져오거나 Debian 12 이미지를 만드세요.</translation>
    </message>
    <message>
        <source>The base image could not be renamed: %1</source>
        <translation>베이스 이미지의 이름을 바꾸지 못했습니다: %1</translation>
    </message>
    <message>
        <source>The base image could not be removed: %1</source>
        <translation>베이스 이미지를 제거하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>1 base image</source>
        <translation>베이스 이미지 1개</translation>
    </message>
    <message>
        <source>%1 base images</source>
        <translation>베이스 이미지 %1개</translation>
    </message>
</context>
<context>
    <name>ib::ui::BuildDetailsTabs</name>
    <message>
        <source>Build Details</source>
        <translation>빌드 상세 정보</translation>
    </message>
</context>
<context>
    <name>ib::ui::BuildDetailsWindow</name>
    <message>
        <source>Save Build Log</source>
        <translation>빌드 로그 저장</translation>
    </message>
    <message>
        <source>Log files (*.log);;All files (*)</source>
        <translation>로그 파일 (*.log);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Build Details</source>
        <translation>빌드 상세 정보</translation>
    </message>
    <message>
        <source>Why the build failed</source>
        <translation>빌드 실패 원인</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <source>Find in log</source>
        <translation>로그에서 찾기</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the selected lines, or the whole log shown, to the clipboard</source>
        <translation>선택한 줄 또는 표시된 로그 전체를 클립보드에 복사</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <source>Save a copy of the full log file</source>
        <translation>전체 로그 파일의 사본 저장</translation>
    </message>
    <message>
        <source>Open Log File</source>
        <translation>로그 파일 열기</translation>
    </message>
    <message>
        <source>Could not save the log to %1.</source>
        <translation>로그를 %1에 저장할 수 없습니다.</translation>
    </message>
    <message>
        <source>Build “%1” — Image Builder</source>
        <translation>빌드 “%1” — Image Builder</translation>
    </message>
    <message>
        <source>template “%1” revision %2</source>
        <translation>템플릿 “%1” 리비전 %2</translation>
    </message>
    <message>
        <source>base image %1</source>
        <translation>기본 이미지 %1</translation>
    </message>
    <message>
        <source>build %1</source>
        <translation>빌드 %1</translation>
    </message>
    <message>
        <source>Full log: %1</source>
        <translation>전체 로그: %1</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>시작: %1</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>찾을 수 없음: %1</translation>
    </message>
    <message>
        <source>Release VM</source>
        <translation>VM 해제</translation>
    </message>
    <message>
        <source>Stops and removes the VM kept for debugging after the build failed.</source>
        <translation>빌드 실패 후 디버깅용으로 유지한 VM을 중지하고 삭제합니다.</translation>
    </message>
    <message>
        <source>Cancel Build</source>
        <translation>빌드 취소</translation>
    </message>
    <message>
        <source>Cancel the build of “%1”?</source>
        <translation>“%1” 빌드를 취소할까요?</translation>
    </message>
    <message>
        <source>The build VM is stopped and no image is saved.</source>
        <translation>빌드 VM을 중지하며 이미지는 저장하지 않습니다.</translation>
    </message>
    <message>
        <source>Keep Building</source>
        <translation>빌드 계속</translation>
    </message>
    <message>
        <source>Stop the build: its VM is stopped and no image is saved</source>
        <translation>빌드를 중지합니다. VM을 중지하며 이미지는 저장하지 않습니다</translation>
    </message>
    <message>
        <source>First Error</source>
        <translation>첫 번째 오류</translation>
    </message>
    <message>
        <source>Go to the first line of the log that reports an error (Ctrl+J)</source>
        <translation>로그에서 오류를 알리는 첫 줄로 이동합니다(Ctrl+J)</translation>
    </message>
    <message>
        <source>No line reports an error.</source>
        <translation>오류를 알리는 줄이 없습니다.</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>실행 안 됨</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>예정</translation>
    </message>
</context>
<context>
    <name>ib::ui::BuildImageDialog</name>
    <message>
        <source>Build Image</source>
        <translation>이미지 빌드</translation>
    </message>
    <message>
        <source>Build a private image from the template “%1” (%2, revision %3). The build starts a VM from the base image, installs the applications, runs the user script and saves the disk as a new image.</source>
        <translation>템플릿 “%1”(%2, 리비전 %3)로 개인 이미지를 빌드합니다. 빌드는 기본 이미지로 VM을 시작하고, 애플리케이션을 설치하고, 사용자 스크립트를 실행한 뒤 디스크를 새 이미지로 저장합니다.</translation>
    </message>
    <message>
        <source>1 to 255 characters: letters A–Z, digits, space, “-”, “_” and “.”</source>
        <translation>1~255자: 영문자 A–Z, 숫자, 공백, “-”, “_”, “.”</translation>
    </message>
    <message>
        <source>Import Base Image…</source>
        <translation>기본 이미지 가져오기…</translation>
    </message>
    <message>
        <source>Start Build</source>
        <translation>빌드 시작</translation>
    </message>
    <message>
        <source>Image name:</source>
        <translation>이미지 이름:</translation>
    </message>
    <message>
        <source>Base image:</source>
        <translation>기본 이미지:</translation>
    </message>
    <message>
        <source>The base images could not be loaded: %1</source>
        <translation>기본 이미지를 불러올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 — %2, user %3, %4 disk</source>
        <translation>%1 — %2, 사용자 %3, 디스크 %4</translation>
    </message>
    <message>
        <source>1 base image is hidden: it is not %1.</source>
        <translation>기본 이미지 1개가 숨겨졌습니다: %1이(가) 아닙니다.</translation>
    </message>
    <message>
        <source>%1 base images are hidden: they are not %2.</source>
        <translation>기본 이미지 %1개가 숨겨졌습니다: %2이(가) 아닙니다.</translation>
    </message>
    <message>
        <source>Download %1 from %2 and import it (login user %3).</source>
        <translation>%2에서 %1을(를) 내려받아 가져오세요(로그인 사용자 %3).</translation>
    </message>
    <message>
        <source>Import a %1 cloud image (qcow2 or raw).</source>
        <translation>%1 클라우드 이미지(qcow2 또는 raw)를 가져오세요.</translation>
    </message>
    <message>
        <source>Make Debian 12 Base Image…</source>
        <translation>Debian 12 기본 이미지 만들기…</translation>
    </message>
    <message>
        <source>Make one here from Debian&apos;s archive (needs root, about 3–6 minutes), or import %1 from %2.</source>
        <translation>Debian 아카이브에서 여기서 만들거나(root 필요, 약 3~6분), %2에서 %1을(를) 가져오세요.</translation>
    </message>
    <message>
        <source>Makes a Debian 12 base image on this machine from Debian&apos;s archive (needs root for debootstrap).</source>
        <translation>Debian 아카이브에서 이 컴퓨터에 Debian 12 기본 이미지를 만듭니다(debootstrap에 root 필요).</translation>
    </message>
    <message>
        <source>No base image suits this template: it needs %1, the template&apos;s OS (its applications are installed with %1&apos;s packages).</source>
        <translation>이 템플릿에 맞는 기본 이미지가 없습니다. 템플릿의 OS인 %1이(가) 필요합니다(애플리케이션을 %1 패키지로 설치합니다).</translation>
    </message>
    <message>
        <source>The %1 base images in the library are other OSes, so they are hidden.</source>
        <translation>라이브러리의 기본 이미지 %1개는 다른 OS라서 숨겼습니다.</translation>
    </message>
    <message>
        <source>The 1 base image in the library is another OS, so it is hidden.</source>
        <translation>라이브러리의 기본 이미지 1개는 다른 OS라서 숨겼습니다.</translation>
    </message>
    <message>
        <source>This machine (QEMU)</source>
        <translation>이 컴퓨터 (QEMU)</translation>
    </message>
    <message>
        <source>Build on:</source>
        <translation>빌드 위치:</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>NHN Cloud %1</source>
        <translation>NHN Cloud %1</translation>
    </message>
    <message>
        <source>OpenStack</source>
        <translation>OpenStack</translation>
    </message>
    <message>
        <source>OpenStack %1</source>
        <translation>OpenStack %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The cloud accounts could not be loaded: %1</source>
        <translation>클라우드 계정을 불러오지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Loading the base images of “%1”…</source>
        <translation>“%1”의 기본 이미지를 불러오는 중…</translation>
    </message>
    <message>
        <source>The cloud account “%1” no longer exists.</source>
        <translation>클라우드 계정 “%1”이(가) 더 이상 없습니다.</translation>
    </message>
    <message>
        <source>The base images of “%1” could not be loaded: %2</source>
        <translation>“%1”의 기본 이미지를 불러오지 못했습니다: %2</translation>
    </message>
    <message>
        <source>No base image of “%1” suits this template: it needs %2, the template&apos;s OS.</source>
        <translation>“%1”에 이 템플릿에 맞는 기본 이미지가 없습니다: 템플릿의 OS인 %2이(가) 필요합니다.</translation>
    </message>
    <message>
        <source>Upload a %1 image to the cloud&apos;s image service (Glance), then Retry.</source>
        <translation>%1 이미지를 클라우드의 이미지 서비스(Glance)에 올린 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>예: %1</translation>
    </message>
    <message>
        <source>Copy as Command</source>
        <translation>명령으로 복사</translation>
    </message>
    <message>
        <source>Copies the imagebuilder-cli command that starts this build</source>
        <translation>이 빌드를 시작하는 imagebuilder-cli 명령을 복사합니다</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>복사했습니다</translation>
    </message>
    <message>
        <source>Its other image is another OS, so it is hidden.</source>
        <translation>다른 이미지 1개는 다른 OS이므로 숨겨집니다.</translation>
    </message>
    <message>
        <source>Its other %1 images are other OSes, so they are hidden.</source>
        <translation>다른 이미지 %1개는 다른 OS이므로 숨겨집니다.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
</context>
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
        <source>Build Details</source>
        <translation>빌드 상세 정보</translation>
    </message>
    <message>
        <source>Cancel Build</source>
        <translation>빌드 취소</translation>
    </message>
    <message>
        <source>Cancel the build of “%1”?</source>
        <translation>“%1” 빌드를 취소할까요?</translation>
    </message>
    <message>
        <source>The VM is stopped and removed; no image is saved.</source>
        <translation>VM을 중지하고 삭제합니다. 이미지는 저장되지 않습니다.</translation>
    </message>
    <message>
        <source>Keep Building</source>
        <translation>빌드 계속</translation>
    </message>
    <message>
        <source>The builds could not be loaded</source>
        <translation>빌드를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>Builds of this template will be listed here, with their progress, log and result.</source>
        <translation>이 템플릿의 빌드가 진행 상황, 로그, 결과와 함께 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Loading builds…</source>
        <translation>빌드를 불러오는 중…</translation>
    </message>
    <message>
        <source>Build Image starts a build of this template; it is listed here with its progress, log and result.</source>
        <translation>이미지 빌드로 이 템플릿의 빌드를 시작하면 진행 상황, 로그, 결과와 함께 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Only queued and running builds can be cancelled.</source>
        <translation>대기 중이거나 실행 중인 빌드만 취소할 수 있습니다.</translation>
    </message>
    <message>
        <source>Cannot Cancel “%1”</source>
        <translation>“%1”을(를) 취소할 수 없음</translation>
    </message>
    <message>
        <source>Release VM</source>
        <translation>VM 해제</translation>
    </message>
    <message>
        <source>Stops and removes the VM kept for debugging after the build failed.</source>
        <translation>빌드 실패 후 디버깅용으로 유지한 VM을 중지하고 삭제합니다.</translation>
    </message>
    <message>
        <source>%1 runs this build: only it stops the VM. Cancel Build asks it to, through the store.</source>
        <translation>%1에서 이 빌드를 실행합니다. VM은 그 컴퓨터만 중지할 수 있으며, 빌드 취소는 저장소를 통해 중지를 요청합니다.</translation>
    </message>
</context>
<context>
    <name>ib::ui::BuildTableModel</name>
    <message>
        <source>Image Name</source>
        <translation>이미지 이름</translation>
    </message>
    <message>
        <source>Base Image</source>
        <translation>기본 이미지</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>공급자</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>이 컴퓨터</translation>
    </message>
    <message>
        <source>Run by Image Builder (process %1) on %2. Only that machine stops its VM; Cancel Build elsewhere asks it to.</source>
        <translation>%2의 Image Builder(프로세스 %1)가 실행합니다. VM은 그 컴퓨터만 중지할 수 있으며, 다른 곳에서 빌드 취소를 누르면 중지를 요청합니다.</translation>
    </message>
    <message>
        <source>Run on %1.</source>
        <translation>%1에서 실행합니다.</translation>
    </message>
    <message>
        <source>Runs On</source>
        <translation>실행 위치</translation>
    </message>
</context>
<context>
    <name>ib::ui::CloudAccountModel</name>
    <message>
        <source>NHN Cloud</source>
        <translation>NHN Cloud</translation>
    </message>
    <message>
        <source>OpenStack</source>
        <translation>OpenStack</translation>
    </message>
    <message>
        <source>%1, project %2</source>
        <translation>%1, 프로젝트 %2</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>확인 안 함</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>클라우드</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>리전</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>로그인</translation>
    </message>
</context>
<context>
    <name>ib::ui::CloudsPage</name>
    <message>
        <source>Add NHN Cloud Account…</source>
        <translation>NHN Cloud 계정 추가…</translation>
    </message>
    <message>
        <source>Import from clouds.yaml…</source>
        <translation>clouds.yaml에서 가져오기…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Check Sign-in</source>
        <translation>로그인 확인</translation>
    </message>
    <message>
        <source>Sign In and Save</source>
        <translation>로그인 후 저장</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Remove Cloud Account</source>
        <translation>클라우드 계정 삭제</translation>
    </message>
    <message>
        <source>Remove the cloud account “%1”?</source>
        <translation>클라우드 계정 “%1”을(를) 삭제할까요?</translation>
    </message>
    <message>
        <source>Its password is removed from the keychain. Images already built on it stay in the cloud; builds can no longer run on it until it is added again.</source>
        <translation>비밀번호가 키체인에서 삭제됩니다. 이미 빌드한 이미지는 클라우드에 남으며, 다시 추가할 때까지 이 계정에서 빌드할 수 없습니다.</translation>
    </message>
    <message>
        <source>Compute &gt; Instance &gt; Set API Endpoint in the console</source>
        <translation>콘솔의 Compute &gt; Instance &gt; API 엔드포인트 설정</translation>
    </message>
    <message>
        <source>the console login e-mail</source>
        <translation>콘솔 로그인 이메일</translation>
    </message>
    <message>
        <source>API password; kept in the system keychain only</source>
        <translation>API 비밀번호, 시스템 키체인에만 보관</translation>
    </message>
    <message>
        <source>automatic: the smallest with 1 GB RAM or more</source>
        <translation>자동: RAM 1GB 이상 중 가장 작은 것</translation>
    </message>
    <message>
        <source>automatic: the first internal network</source>
        <translation>자동: 첫 번째 내부 네트워크</translation>
    </message>
    <message>
        <source>automatic: the first external network</source>
        <translation>자동: 첫 번째 외부 네트워크</translation>
    </message>
    <message>
        <source>Cloud:</source>
        <translation>클라우드:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>리전:</translation>
    </message>
    <message>
        <source>Tenant ID:</source>
        <translation>테넌트 ID:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>사용자:</translation>
    </message>
    <message>
        <source>API password:</source>
        <translation>API 비밀번호:</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>계정 이름:</translation>
    </message>
    <message>
        <source>SSH port:</source>
        <translation>SSH 포트:</translation>
    </message>
    <message>
        <source>Flavor:</source>
        <translation>인스턴스 타입:</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>네트워크:</translation>
    </message>
    <message>
        <source>Floating IP network:</source>
        <translation>플로팅 IP 네트워크:</translation>
    </message>
    <message>
        <source>The cloud accounts could not be loaded: %1</source>
        <translation>클라우드 계정을 불러오지 못했습니다: %1</translation>
    </message>
    <message>
        <source>No cloud account yet. Builds run on this machine (QEMU) until you add one.</source>
        <translation>아직 클라우드 계정이 없습니다. 계정을 추가하기 전까지 빌드는 이 컴퓨터(QEMU)에서 실행됩니다.</translation>
    </message>
    <message>
        <source>New NHN Cloud account</source>
        <translation>새 NHN Cloud 계정</translation>
    </message>
    <message>
        <source>Import an OpenStack cloud from clouds.yaml</source>
        <translation>clouds.yaml에서 OpenStack 클라우드 가져오기</translation>
    </message>
    <message>
        <source>leave empty when clouds.yaml or secure.yaml has it</source>
        <translation>clouds.yaml 또는 secure.yaml에 있으면 비워 두세요</translation>
    </message>
    <message>
        <source>Reading clouds.yaml…</source>
        <translation>clouds.yaml을 읽는 중…</translation>
    </message>
    <message>
        <source>No clouds.yaml was found. Put it in one of: %1 (or set OS_CLIENT_CONFIG_FILE).</source>
        <translation>clouds.yaml을 찾지 못했습니다. 다음 중 한 곳에 두세요: %1 (또는 OS_CLIENT_CONFIG_FILE 설정).</translation>
    </message>
    <message>
        <source>%1 lists no clouds: add one under “clouds:”.</source>
        <translation>%1에 클라우드가 없습니다: “clouds:” 아래에 추가하세요.</translation>
    </message>
    <message>
        <source>Clouds of %1</source>
        <translation>%1의 클라우드</translation>
    </message>
    <message>
        <source>password: type the API password set under Compute &gt; Instance &gt; Set API Endpoint in the console.</source>
        <translation>password: 콘솔의 Compute &gt; Instance &gt; API 엔드포인트 설정에서 정한 API 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <source>cloud: choose a cloud of clouds.yaml.</source>
        <translation>cloud: clouds.yaml의 클라우드를 선택하세요.</translation>
    </message>
    <message>
        <source>name: an account “%1” exists already; choose another name.</source>
        <translation>name: 계정 “%1”이(가) 이미 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <source>Signing in to %1…</source>
        <translation>%1에 로그인하는 중…</translation>
    </message>
    <message>
        <source>password: %1 has no password for “%2”: type it here.</source>
        <translation>password: %1에 “%2”의 비밀번호가 없습니다. 여기에 입력하세요.</translation>
    </message>
    <message>
        <source>cloud: %1 (in %2)</source>
        <translation>cloud: %1 (%2)</translation>
    </message>
    <message>
        <source>Signed in and saved “%1”. Build Image offers it now.</source>
        <translation>로그인하고 “%1”을(를) 저장했습니다. 이제 이미지 빌드에서 선택할 수 있습니다.</translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>로그인됨</translation>
    </message>
    <message>
        <source>Removing “%1”…</source>
        <translation>“%1” 삭제 중…</translation>
    </message>
    <message>
        <source>“%1” could not be removed: %2</source>
        <translation>“%1”을(를) 삭제하지 못했습니다: %2</translation>
    </message>
    <message>
        <source>Removed “%1”.</source>
        <translation>“%1”을(를) 삭제했습니다.</translation>
    </message>
    <message>
        <source>Signing in to “%1”…</source>
        <translation>“%1”에 로그인하는 중…</translation>
    </message>
    <message>
        <source>“%1”: signed in.</source>
        <translation>“%1”: 로그인됨.</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved.</source>
        <translation>취소했습니다. 아무것도 저장하지 않았습니다.</translation>
    </message>
    <message>
        <source>An account is saved as soon as its sign-in works, and Build Image offers it at once. Passwords stay in the system keychain.</source>
        <translation>계정은 로그인이 확인되는 즉시 저장되고 이미지 빌드에서 바로 선택할 수 있습니다. 비밀번호는 시스템 키체인에만 보관됩니다.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>the system&apos;s CAs; or the PEM file of the cloud&apos;s own CA (clouds.yaml: cacert)</source>
        <translation>시스템 CA 사용; 또는 클라우드 자체 CA의 PEM 파일 (clouds.yaml: cacert)</translation>
    </message>
    <message>
        <source>CA Certificate of the Cloud</source>
        <translation>클라우드의 CA 인증서</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 인증서 (*.pem *.crt *.cer);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA 파일:</translation>
    </message>
</context>
<context>
    <name>ib::ui::DesktopNotifier</name>
    <message>
        <source>Image Builder</source>
        <translation>Image Builder</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
</context>
<context>
    <name>ib::ui::DiagnosticsSaver</name>
    <message>
        <source>Save Diagnostics</source>
        <translation>진단 정보 저장</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip 압축 파일 (*.zip)</translation>
    </message>
    <message>
        <source>The diagnostics could not be saved. %1
Choose another folder and try again.</source>
        <translation>진단 정보를 저장하지 못했습니다. %1
다른 폴더를 골라 다시 시도하십시오.</translation>
    </message>
    <message>
        <source>Saved %1 files to %2.
Passwords, tokens and private keys were replaced with [REDACTED]. README.txt inside says what is there: read it before you attach the archive to a bug report.</source>
        <translation>파일 %1개를 %2에 저장했습니다.
비밀번호, 토큰, 개인 키는 [REDACTED]로 바꾸었습니다. 안의 README.txt에 들어 있는 내용이 적혀 있습니다. 버그 보고에 첨부하기 전에 읽어 보십시오.</translation>
    </message>
    <message>
        <source>Show in File Manager</source>
        <translation>파일 관리자에서 보기</translation>
    </message>
</context>
<context>
    <name>ib::ui::FirstRunGuide</name>
    <message>
        <source>A build starts a VM from a base image. Make Debian 12 here from Debian&apos;s archive (needs root for debootstrap; about 3–6 minutes), or import a cloud image you downloaded: Debian, Ubuntu or Rocky Linux.</source>
        <translation>빌드는 기본 이미지로 VM을 시작합니다. Debian 아카이브에서 이 컴퓨터에 Debian 12를 만들거나(debootstrap에 root 필요, 약 3~6분), 내려받은 클라우드 이미지(Debian, Ubuntu, Rocky Linux)를 가져오세요.</translation>
    </message>
    <message>
        <source>A template names the OS, the applications and a user script. Pick a starter for %1; you can change it later.</source>
        <translation>템플릿은 OS, 애플리케이션, 사용자 스크립트를 정합니다. %1용 스타터를 고르세요. 나중에 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Build Image…</source>
        <translation>이미지 빌드…</translation>
    </message>
    <message>
        <source>Build the image</source>
        <translation>이미지 빌드</translation>
    </message>
    <message>
        <source>Build your first image</source>
        <translation>첫 이미지 빌드하기</translation>
    </message>
    <message>
        <source>Builds are off in this window, so base images cannot be added here.</source>
        <translation>이 창에서는 빌드가 꺼져 있어 기본 이미지를 추가할 수 없습니다.</translation>
    </message>
    <message>
        <source>Create Template</source>
        <translation>템플릿 생성</translation>
    </message>
    <message>
        <source>Create a template from a starter</source>
        <translation>스타터로 템플릿 만들기</translation>
    </message>
    <message>
        <source>Created “%1”: %2 with %3. Change it any time with Update Image Template.</source>
        <translation>“%1”을(를) 만들었습니다: %2, %3. 이미지 템플릿 수정으로 언제든 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>Get a base image</source>
        <translation>기본 이미지 준비</translation>
    </message>
    <message>
        <source>Help ▸ Getting Started brings it back.</source>
        <translation>도움말 ▸ 시작하기에서 다시 열 수 있습니다.</translation>
    </message>
    <message>
        <source>Hide this guide</source>
        <translation>이 안내 숨기기</translation>
    </message>
    <message>
        <source>Import a Cloud Image…</source>
        <translation>클라우드 이미지 가져오기…</translation>
    </message>
    <message>
        <source>Looking at the base image library…</source>
        <translation>기본 이미지 라이브러리를 확인하는 중…</translation>
    </message>
    <message>
        <source>Make Debian 12 Base Image…</source>
        <translation>Debian 12 기본 이미지 만들기…</translation>
    </message>
    <message>
        <source>Name the image and start: follow the build in the Build Status tab; the image appears in the Images tab.</source>
        <translation>이미지 이름을 정하고 시작하세요. 빌드 상태 탭에서 진행을 보고, 완성된 이미지는 이미지 탭에 나타납니다.</translation>
    </message>
    <message>
        <source>Ready: “%1” (%2, login user %3).</source>
        <translation>준비됨: “%1” (%2, 로그인 사용자 %3).</translation>
    </message>
    <message>
        <source>Starts a VM from the base image, installs the applications, runs the user script and saves the disk as a private image. Needs steps 1 and 2.</source>
        <translation>기본 이미지로 VM을 시작해 애플리케이션을 설치하고 사용자 스크립트를 실행한 뒤 디스크를 개인 이미지로 저장합니다. 1, 2단계가 먼저 필요합니다.</translation>
    </message>
    <message>
        <source>The template could not be created: %1</source>
        <translation>템플릿을 만들지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Three steps, all on this machine: no cloud account is needed. The build runs in a local QEMU VM.</source>
        <translation>모두 이 컴퓨터에서 하는 세 단계입니다. 클라우드 계정이 필요 없습니다. 빌드는 로컬 QEMU VM에서 실행됩니다.</translation>
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
    <message>
        <source>Delete Image</source>
        <translation>이미지 삭제</translation>
    </message>
    <message>
        <source>Copy ID</source>
        <translation>ID 복사</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>경로 복사</translation>
    </message>
    <message>
        <source>Show in File Manager</source>
        <translation>파일 관리자에서 보기</translation>
    </message>
    <message>
        <source>Delete the image “%1”?</source>
        <translation>이미지 “%1”을(를) 삭제할까요?</translation>
    </message>
    <message>
        <source>Its disk file is removed. This cannot be undone.</source>
        <translation>디스크 파일이 삭제됩니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>The images could not be loaded</source>
        <translation>이미지를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot Delete “%1”</source>
        <translation>“%1”을(를) 삭제할 수 없음</translation>
    </message>
    <message>
        <source>It is removed from the image service of “%1”. This cannot be undone.</source>
        <translation>“%1”의 이미지 서비스에서 삭제됩니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>The images on “%1” could not be listed: %2</source>
        <translation>“%1”의 이미지 목록을 가져오지 못했습니다: %2</translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation>“%1” 삭제됨</translation>
    </message>
    <message>
        <source>The file %1 was left in place.</source>
        <translation>%1 파일은 그대로 두었습니다.</translation>
    </message>
    <message>
        <source>P&amp;ublish to Cloud…</source>
        <translation>클라우드에 게시(&amp;U)…</translation>
    </message>
    <message>
        <source>Upload this local image to a cloud account as a private image</source>
        <translation>이 로컬 이미지를 클라우드 계정에 비공개 이미지로 업로드합니다</translation>
    </message>
    <message>
        <source>Every private image Image Builder made, from any template, will be listed here.</source>
        <translation>Image Builder가 어느 템플릿으로든 만든 모든 프라이빗 이미지가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>This image boots on arm64 CPUs only (built on Apple Silicon); the clouds boot x86-64 images, so it stays on this computer</source>
        <translation>이 이미지는 arm64 CPU에서만 부팅됩니다(Apple Silicon에서 빌드). 클라우드는 x86-64 이미지를 부팅하므로 이 컴퓨터에만 둡니다</translation>
    </message>
</context>
<context>
    <name>ib::ui::ImageTableModel</name>
    <message>
        <source>%1
Image %2
%3</source>
        <translation>%1
이미지 %2
%3</translation>
    </message>
    <message>
        <source>%1 on disk, %2 virtual disk</source>
        <translation>디스크 사용 %1, 가상 디스크 %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>공급자</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성 시각</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>빌드</translation>
    </message>
    <message>
        <source>%1, published from %2</source>
        <translation>%1, %2에서 게시됨</translation>
    </message>
    <message>
        <source>The image failed its test: its build failed. Build Details shows why.</source>
        <translation>이미지가 테스트에 실패하여 빌드가 실패했습니다. 원인은 빌드 세부 정보에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>The image was not tested: its template turns the boot test off, or testing was skipped.</source>
        <translation>이미지를 테스트하지 않았습니다. 템플릿에서 부팅 테스트를 껐거나 테스트를 건너뛰었습니다.</translation>
    </message>
    <message>
        <source>Built before Image Builder tested images.</source>
        <translation>Image Builder가 이미지를 테스트하기 전에 빌드되었습니다.</translation>
    </message>
    <message>
        <source>The image booted and passed its test.</source>
        <translation>이미지가 부팅되었고 테스트를 통과했습니다.</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>통과</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Untested</source>
        <translation>테스트 안 함</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <source>Deleted template</source>
        <translation>삭제된 템플릿</translation>
    </message>
    <message>
        <source>%1, revision %2</source>
        <translation>%1, 리비전 %2</translation>
    </message>
    <message>
        <source>Its template (%1) was deleted; the image stays until you delete it here.</source>
        <translation>템플릿(%1)이 삭제되었습니다. 이미지는 여기서 삭제할 때까지 남아 있습니다.</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>템플릿</translation>
    </message>
</context>
<context>
    <name>ib::ui::ImagesWindow</name>
    <message>
        <source>Images and Base Images</source>
        <translation>이미지와 베이스 이미지</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Base Images</source>
        <translation>베이스 이미지</translation>
    </message>
</context>
<context>
    <name>ib::ui::ImportBaseImageDialog</name>
    <message>
        <source>Copying the image into the base image library…</source>
        <translation>이미지를 기본 이미지 라이브러리로 복사하는 중…</translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.img *.raw);;All files (*)</source>
        <translation>디스크 이미지 (*.qcow2 *.img *.raw);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>파일:</translation>
    </message>
    <message>
        <source>Filled in from the file name (%1&apos;s cloud image). Change them if this file is something else.</source>
        <translation>파일 이름으로 채웠습니다(%1 클라우드 이미지). 다른 파일이라면 바꾸세요.</translation>
    </message>
    <message>
        <source>Import Base Image</source>
        <translation>기본 이미지 가져오기</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Imported “%1”.</source>
        <translation>“%1”을(를) 가져왔습니다.</translation>
    </message>
    <message>
        <source>Login user:</source>
        <translation>로그인 사용자:</translation>
    </message>
    <message>
        <source>Operating system:</source>
        <translation>운영체제:</translation>
    </message>
    <message>
        <source>The file name is not one of a distribution&apos;s cloud images: check the OS and the image&apos;s default user.</source>
        <translation>배포판 클라우드 이미지의 파일 이름이 아닙니다. OS와 이미지의 기본 사용자를 확인하세요.</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>가져오기에 실패했습니다: %1</translation>
    </message>
    <message>
        <source>x86-64 (PCs, Intel Macs, every cloud)</source>
        <translation>x86-64 (PC, Intel Mac, 모든 클라우드)</translation>
    </message>
    <message>
        <source>arm64 (Apple Silicon; stays local)</source>
        <translation>arm64 (Apple Silicon, 로컬 전용)</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>아키텍처:</translation>
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
        <source>Update Image Template</source>
        <translation>이미지 템플릿 수정</translation>
    </message>
    <message>
        <source>Build Image</source>
        <translation>이미지 빌드</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
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
    <message>
        <source>Quit Image Builder</source>
        <translation>Image Builder 종료</translation>
    </message>
    <message>
        <source>A build is still running. Cancel it and quit?</source>
        <translation>빌드가 아직 실행 중입니다. 취소하고 종료할까요?</translation>
    </message>
    <message>
        <source>%1 builds are still running. Cancel them and quit?</source>
        <translation>빌드 %1개가 아직 실행 중입니다. 취소하고 종료할까요?</translation>
    </message>
    <message>
        <source>Cancelled builds stop their VMs and save no image.</source>
        <translation>취소된 빌드는 VM을 중지하며 이미지를 저장하지 않습니다.</translation>
    </message>
    <message>
        <source>Cancel Builds and Quit</source>
        <translation>빌드 취소 후 종료</translation>
    </message>
    <message>
        <source>Keep Running</source>
        <translation>계속 실행</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <source>Quitting</source>
        <translation>종료하는 중</translation>
    </message>
    <message>
        <source>The image “%1” is ready.</source>
        <translation>이미지 “%1”이(가) 준비되었습니다.</translation>
    </message>
    <message>
        <source>The build of “%1” was cancelled.</source>
        <translation>“%1” 빌드가 취소되었습니다.</translation>
    </message>
    <message>
        <source>The build of “%1” failed: %2</source>
        <translation>“%1” 빌드가 실패했습니다: %2</translation>
    </message>
    <message>
        <source>Build %1</source>
        <translation>빌드 %1</translation>
    </message>
    <message>
        <source>Build of “%1” queued.</source>
        <translation>“%1” 빌드를 대기열에 넣었습니다.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Getting Started</source>
        <translation>시작하기</translation>
    </message>
    <message>
        <source>The three steps to a first image: a base image, a template from a starter, a build</source>
        <translation>첫 이미지까지 세 단계: 기본 이미지, 스타터 템플릿, 빌드</translation>
    </message>
    <message>
        <source>&amp;About Image Builder</source>
        <translation>Image Builder 정보(&amp;A)</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1(불러오는 중…)</translation>
    </message>
    <message>
        <source>The build of “%1” failed. VM kept: %2</source>
        <translation>“%1” 빌드에 실패했습니다. 유지한 VM: %2</translation>
    </message>
    <message>
        <source>Released the VM of the failed build of “%1”.</source>
        <translation>실패한 “%1” 빌드의 VM을 해제했습니다.</translation>
    </message>
    <message>
        <source>It has 1 image (%2).</source>
        <translation>이미지가 1개 있습니다(%2).</translation>
    </message>
    <message>
        <source>It has %1 images (%2).</source>
        <translation>이미지가 %1개 있습니다(%2).</translation>
    </message>
    <message>
        <source>Delete them too, or keep them: kept images stay on disk or in their cloud, and imagebuilder-cli image list still shows them.</source>
        <translation>이미지도 함께 삭제하거나 남겨 두세요. 남겨 둔 이미지는 디스크나 클라우드에 그대로 있으며 imagebuilder-cli image list에 계속 표시됩니다.</translation>
    </message>
    <message>
        <source>Delete Template and Image</source>
        <translation>템플릿과 이미지 삭제</translation>
    </message>
    <message>
        <source>Delete Template and Images</source>
        <translation>템플릿과 이미지 모두 삭제</translation>
    </message>
    <message>
        <source>Delete Template, Keep Image</source>
        <translation>템플릿만 삭제(이미지 유지)</translation>
    </message>
    <message>
        <source>Delete Template, Keep Images</source>
        <translation>템플릿만 삭제(이미지 모두 유지)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Create an image template</source>
        <translation>이미지 템플릿을 생성합니다</translation>
    </message>
    <message>
        <source>Change the selected image template (Enter or double-click in the table)</source>
        <translation>선택한 이미지 템플릿을 수정합니다(표에서 Enter 또는 더블 클릭)</translation>
    </message>
    <message>
        <source>Delete the selected image template</source>
        <translation>선택한 이미지 템플릿을 삭제합니다</translation>
    </message>
    <message>
        <source>Build a private image from the selected template</source>
        <translation>선택한 템플릿으로 개인 이미지를 빌드합니다</translation>
    </message>
    <message>
        <source>Load the templates again, with changes saved elsewhere</source>
        <translation>다른 곳에서 저장한 변경 사항을 포함해 템플릿을 다시 불러옵니다</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Filter Templates</source>
        <translation>템플릿 필터(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>템플릿(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>빌드(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Deleting the images of “%1”…</source>
        <translation>“%1”의 이미지를 삭제하는 중…</translation>
    </message>
    <message>
        <source>The template is kept: not every image could be deleted.
%1</source>
        <translation>일부 이미지를 삭제하지 못해 템플릿을 남겨 두었습니다.
%1</translation>
    </message>
    <message>
        <source>Images of “%1”</source>
        <translation>“%1”의 이미지</translation>
    </message>
    <message>
        <source>Show Build Details</source>
        <translation>빌드 상세 정보 보기</translation>
    </message>
    <message>
        <source>Build Status (%1 new)</source>
        <translation>빌드 상태 (새 결과 %1개)</translation>
    </message>
    <message>
        <source>&amp;Images and Base Images…</source>
        <translation>이미지와 베이스 이미지(&amp;I)…</translation>
    </message>
    <message>
        <source>Every image made (a deleted template&apos;s too) and the base image library</source>
        <translation>만든 모든 이미지(삭제된 템플릿의 이미지 포함)와 베이스 이미지 라이브러리</translation>
    </message>
    <message>
        <source>Copy as CLI &amp;Command</source>
        <translation>CLI 명령으로 복사(&amp;C)</translation>
    </message>
    <message>
        <source>Copies one imagebuilder-cli command that makes this template, scripts and all, in another store or on another computer</source>
        <translation>다른 저장소나 다른 컴퓨터에서 스크립트까지 포함해 이 템플릿을 만드는 imagebuilder-cli 명령 하나를 복사합니다</translation>
    </message>
    <message>
        <source>The template could not be read: %1</source>
        <translation>템플릿을 읽지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Copied the command that makes “%1” with imagebuilder-cli.</source>
        <translation>imagebuilder-cli로 “%1”을(를) 만드는 명령을 복사했습니다.</translation>
    </message>
    <message>
        <source>Diagnostics saved.</source>
        <translation>진단 정보를 저장했습니다.</translation>
    </message>
    <message>
        <source>Diagnostics not saved.</source>
        <translation>진단 정보를 저장하지 못했습니다.</translation>
    </message>
    <message>
        <source>Save &amp;Diagnostics…</source>
        <translation>진단 정보 저장(&amp;D)…</translation>
    </message>
    <message>
        <source>Versions, settings and logs in one zip for a bug report; passwords, tokens and private keys are redacted</source>
        <translation>버그 보고용으로 버전, 설정, 로그를 zip 하나에 담습니다. 비밀번호, 토큰, 개인 키는 가립니다</translation>
    </message>
</context>
<context>
    <name>ib::ui::MakeBaseImageDialog</name>
    <message>
        <source>Adding the image to the base image library…</source>
        <translation>이미지를 기본 이미지 라이브러리에 추가하는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancelling: the script stops and removes what it made…</source>
        <translation>취소하는 중: 스크립트를 멈추고 만든 것을 지웁니다…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Image Builder makes a Debian 12 base image on this machine from Debian&apos;s archive, with debootstrap: no account and no download but Debian&apos;s own packages. It needs root (debootstrap builds a Debian system, then a loop device installs its boot loader). The first time takes about 3–6 minutes; later ones a few seconds (the result is cached).</source>
        <translation>Image Builder가 이 컴퓨터에서 debootstrap으로 Debian 아카이브에서 Debian 12 기본 이미지를 만듭니다. 계정이 필요 없고 Debian 패키지 외에는 내려받지 않습니다. root가 필요합니다(debootstrap이 Debian 시스템을 만들고, 루프 장치로 부트 로더를 설치합니다). 처음에는 약 3~6분, 그 뒤로는 몇 초 걸립니다(결과를 캐시합니다).</translation>
    </message>
    <message>
        <source>Image Builder runs as root here, so it runs the script directly.</source>
        <translation>Image Builder가 root로 실행 중이므로 스크립트를 바로 실행합니다.</translation>
    </message>
    <message>
        <source>Make Base Image</source>
        <translation>기본 이미지 만들기</translation>
    </message>
    <message>
        <source>Make a Debian 12 Base Image</source>
        <translation>Debian 12 기본 이미지 만들기</translation>
    </message>
    <message>
        <source>Starting the base image script…</source>
        <translation>기본 이미지 스크립트를 시작하는 중…</translation>
    </message>
    <message>
        <source>Step %v of %m</source>
        <translation>%m단계 중 %v단계</translation>
    </message>
    <message>
        <source>The base image could not be made: %1</source>
        <translation>기본 이미지를 만들지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Your desktop asks for the administrator password (polkit) when you start; only the script runs as root, and the image goes into your library.</source>
        <translation>시작하면 데스크톱이 관리자 암호를 묻습니다(polkit). 스크립트만 root로 실행되고, 이미지는 내 라이브러리에 들어갑니다.</translation>
    </message>
    <message>
        <source>“%1” is in the base image library.</source>
        <translation>“%1”이(가) 기본 이미지 라이브러리에 있습니다.</translation>
    </message>
</context>
<context>
    <name>ib::ui::PublishImageDialog</name>
    <message>
        <source>Publish even if the image&apos;s cloud-init &amp;datasources are unknown</source>
        <translation>이미지의 cloud-init 데이터 소스(&amp;D)를 알 수 없어도 게시</translation>
    </message>
    <message>
        <source>Publish to Cloud</source>
        <translation>클라우드에 게시</translation>
    </message>
    <message>
        <source>An image receives its SSH key on NHN Cloud and OpenStack only when its cloud-init lists the OpenStack or ConfigDrive datasource. Images built before Image Builder recorded the datasources, and imported ones, are refused unless you tick this because you know they list one.</source>
        <translation>NHN Cloud와 OpenStack에서 이미지는 cloud-init이 OpenStack 또는 ConfigDrive 데이터 소스를 나열할 때만 SSH 키를 받습니다. Image Builder가 데이터 소스를 기록하기 전에 빌드한 이미지와 가져온 이미지는, 그중 하나를 나열한다는 것을 알고 이 항목을 선택하지 않는 한 거부됩니다.</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>게시(&amp;P)</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>이미지:</translation>
    </message>
    <message>
        <source>&amp;Cloud account:</source>
        <translation>클라우드 계정(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Name in the cloud:</source>
        <translation>클라우드에서의 이름(&amp;N):</translation>
    </message>
    <message>
        <source>Loading the cloud accounts…</source>
        <translation>클라우드 계정을 불러오는 중…</translation>
    </message>
    <message>
        <source>There is no cloud account. Add one under Settings &gt; Clouds (or `imagebuilder-cli cloud add`).</source>
        <translation>클라우드 계정이 없습니다. 설정 &gt; 클라우드에서 추가하세요(또는 `imagebuilder-cli cloud add`).</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Converting the image to an uncompressed copy…</source>
        <translation>이미지를 압축하지 않은 사본으로 변환하는 중…</translation>
    </message>
    <message>
        <source>Creating the image in the cloud…</source>
        <translation>클라우드에 이미지를 만드는 중…</translation>
    </message>
    <message numerus="yes">
        <source>%n s left</source>
        <translation>
            <numerusform>%n초 남음</numerusform>
        </translation>
    </message>
    <message>
        <source>time left unknown</source>
        <translation>남은 시간 알 수 없음</translation>
    </message>
    <message>
        <source>Uploading: %1 of %2, %3/s, %4</source>
        <translation>업로드 중: %2 중 %1, %3/s, %4</translation>
    </message>
    <message>
        <source>Comparing the cloud&apos;s checksum with the bytes sent…</source>
        <translation>클라우드의 체크섬을 보낸 바이트와 비교하는 중…</translation>
    </message>
    <message>
        <source>Deleting what was made in the cloud…</source>
        <translation>클라우드에 만든 것을 삭제하는 중…</translation>
    </message>
    <message>
        <source>Published.</source>
        <translation>게시했습니다.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancelling; deleting what was made…</source>
        <translation>취소하는 중입니다. 만든 것을 삭제하는 중…</translation>
    </message>
    <message>
        <source>qcow2, uncompressed (the smaller upload)</source>
        <translation>qcow2, 압축 없음 (업로드가 더 작음)</translation>
    </message>
    <message>
        <source>raw (the whole disk; for clouds that require it)</source>
        <translation>raw (디스크 전체; raw가 필요한 클라우드용)</translation>
    </message>
    <message>
        <source>Disk &amp;format:</source>
        <translation>디스크 형식(&amp;F):</translation>
    </message>
    <message>
        <source>Converting the image to an uncompressed copy: %1 %</source>
        <translation>이미지를 압축 없는 사본으로 변환하는 중: %1 %</translation>
    </message>
</context>
<context>
    <name>ib::ui::SettingsDialog</name>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Choose a Folder</source>
        <translation>폴더 선택</translation>
    </message>
    <message>
        <source>Choose a Program</source>
        <translation>프로그램 선택</translation>
    </message>
    <message>
        <source>Keep the VM of a failed build running for debugging</source>
        <translation>실패한 빌드의 VM을 디버깅용으로 계속 실행</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>qemu-system-x86_64 from PATH</source>
        <translation>PATH의 qemu-system-x86_64</translation>
    </message>
    <message>
        <source>qemu-img from PATH</source>
        <translation>PATH의 qemu-img</translation>
    </message>
    <message>
        <source>Automatic (hardware when available)</source>
        <translation>자동 (가능하면 하드웨어)</translation>
    </message>
    <message>
        <source>Hardware (KVM, HVF, WHPX)</source>
        <translation>하드웨어 (KVM, HVF, WHPX)</translation>
    </message>
    <message>
        <source>Software emulation (slow)</source>
        <translation>소프트웨어 에뮬레이션 (느림)</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>QEMU system emulator:</source>
        <translation>QEMU 시스템 에뮬레이터:</translation>
    </message>
    <message>
        <source>qemu-img:</source>
        <translation>qemu-img:</translation>
    </message>
    <message>
        <source>Accelerator:</source>
        <translation>가속기:</translation>
    </message>
    <message>
        <source>Build VM memory:</source>
        <translation>빌드 VM 메모리:</translation>
    </message>
    <message>
        <source>Build VM CPUs:</source>
        <translation>빌드 VM CPU:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>데이터 폴더:</translation>
    </message>
    <message>
        <source>Base images, build folders and logs, and the images built are kept here.</source>
        <translation>기본 이미지, 빌드 폴더와 로그, 빌드된 이미지가 여기에 보관됩니다.</translation>
    </message>
    <message>
        <source>Builds at once:</source>
        <translation>동시 빌드 수:</translation>
    </message>
    <message>
        <source>Local VMs</source>
        <translation>로컬 VM</translation>
    </message>
    <message>
        <source>Builds</source>
        <translation>빌드</translation>
    </message>
    <message>
        <source>Clouds</source>
        <translation>클라우드</translation>
    </message>
    <message>
        <source>Team Store</source>
        <translation>팀 저장소</translation>
    </message>
    <message>
        <source>The log then prints the ssh command to reach the VM; Cancel Build removes it. Applies at once, to builds started after OK.</source>
        <translation>로그에 VM에 접속하는 ssh 명령이 표시되며, 빌드 취소로 VM을 삭제합니다. 확인을 누른 뒤 시작하는 빌드부터 바로 적용됩니다.</translation>
    </message>
    <message>
        <source>Checking the accelerator…</source>
        <translation>가속기를 확인하는 중…</translation>
    </message>
    <message>
        <source>Test images built on clouds (boots a server from each new image; the cloud charges for it)</source>
        <translation>클라우드에서 빌드한 이미지 테스트(새 이미지마다 서버를 부팅하며 클라우드 요금이 부과됩니다)</translation>
    </message>
    <message>
        <source>Keep build VMs away from this computer&apos;s own services (passt; Linux)</source>
        <translation>빌드 VM이 이 컴퓨터 자체의 서비스에 접근하지 못하게 하기(passt, Linux)</translation>
    </message>
    <message>
        <source>On: with passt installed, a build VM reaches the internet but nothing that listens on this computer&apos;s loopback. Off: QEMU&apos;s user networking, where 10.0.2.2 is this computer&apos;s loopback (for a proxy or mirror that runs here).</source>
        <translation>켜짐: passt가 설치되어 있으면 빌드 VM은 인터넷에는 연결되지만 이 컴퓨터의 루프백에서 수신 대기하는 서비스에는 연결되지 않습니다. 꺼짐: QEMU 사용자 네트워킹을 사용하며, 10.0.2.2가 이 컴퓨터의 루프백입니다(이 컴퓨터에서 실행되는 프록시나 미러를 쓸 때).</translation>
    </message>
    <message>
        <source>These settings apply to builds started after OK; the data folder moves at the next start of Image Builder.</source>
        <translation>이 설정은 확인을 누른 뒤 시작하는 빌드에 적용됩니다. 데이터 폴더는 Image Builder를 다음에 시작할 때 옮겨집니다.</translation>
    </message>
    <message>
        <source>Builds at once applies at once: queued builds start when it grows.</source>
        <translation>동시 빌드 수는 바로 적용됩니다. 늘리면 대기 중인 빌드가 시작됩니다.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>색상:</translation>
    </message>
    <message>
        <source>Follow the system uses a dark look when the desktop asks for one, where Image Builder can tell (GNOME and KDE on Linux, dark mode on macOS). Applies at once, on OK.</source>
        <translation>시스템 설정 따르기는 데스크톱이 어두운 화면을 요청하면 어둡게 표시합니다(Image Builder가 알 수 있는 경우: Linux의 GNOME과 KDE, macOS의 다크 모드). 확인을 누르면 바로 적용됩니다.</translation>
    </message>
    <message>
        <source>The language follows the system (or --lang) and changes at the next start.</source>
        <translation>언어는 시스템 설정(또는 --lang)을 따르며, 다음에 시작할 때 바뀝니다.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>모양</translation>
    </message>
</context>
<context>
    <name>ib::ui::StoreUnavailableDialog</name>
    <message>
        <source>Open Settings…</source>
        <translation>설정 열기…</translation>
    </message>
    <message>
        <source>Use This Computer&apos;s Store</source>
        <translation>이 컴퓨터의 저장소 사용</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>Image Builder</source>
        <translation>Image Builder</translation>
    </message>
    <message>
        <source>Settings ▸ Team Store: correct the store; it is tested before it is saved</source>
        <translation>설정 ▸ 팀 저장소에서 저장소를 고치세요. 저장하기 전에 연결을 확인합니다</translation>
    </message>
    <message>
        <source>Work on %1 for now; the Team Store setting stays as it is</source>
        <translation>당분간 %1에서 작업합니다. 팀 저장소 설정은 그대로 유지됩니다</translation>
    </message>
    <message>
        <source>The template store could not be opened:
%1</source>
        <translation>템플릿 저장소를 열 수 없습니다:
%1</translation>
    </message>
    <message>
        <source>It was given with --db, which wins over Settings; start without it to use the Team Store setting.</source>
        <translation>--db로 지정된 저장소이며 설정보다 우선합니다. 팀 저장소 설정을 사용하려면 --db 없이 시작하세요.</translation>
    </message>
    <message>
        <source>It comes from IMAGEBUILDER_DB, which wins over Settings.</source>
        <translation>IMAGEBUILDER_DB로 지정된 저장소이며 설정보다 우선합니다.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1을(를) 여는 중…</translation>
    </message>
</context>
<context>
    <name>ib::ui::TeamStorePage</name>
    <message>
        <source>This computer only (SQLite file)</source>
        <translation>이 컴퓨터만(SQLite 파일)</translation>
    </message>
    <message>
        <source>Team store (PostgreSQL)</source>
        <translation>팀 저장소(PostgreSQL)</translation>
    </message>
    <message>
        <source>Test Connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Kept in the system keychain; leave empty to use ~/.pgpass</source>
        <translation>시스템 키체인에 보관합니다. ~/.pgpass를 사용하려면 비워 두세요</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Choose the Store File</source>
        <translation>저장소 파일 선택</translation>
    </message>
    <message>
        <source>SQLite stores (*.sqlite);;All files (*)</source>
        <translation>SQLite 저장소 (*.sqlite);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>파일:</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>비밀번호:</translation>
    </message>
    <message>
        <source>Everyone on a team store shares its templates, builds and images; their changes show here as they are saved. The new store is used the next time Image Builder starts.</source>
        <translation>팀 저장소를 사용하는 모든 사람이 이미지 템플릿, 빌드, 이미지를 공유하며, 다른 사람이 저장한 변경 사항이 바로 여기에 표시됩니다. 새 저장소는 Image Builder를 다음에 시작할 때 사용됩니다.</translation>
    </message>
    <message>
        <source>IMAGEBUILDER_DB is set (%1): it wins over this setting.</source>
        <translation>IMAGEBUILDER_DB가 설정되어 있습니다(%1). 이 설정보다 우선합니다.</translation>
    </message>
    <message>
        <source>Enter the team store&apos;s URL: postgresql://user@host:port/database.</source>
        <translation>팀 저장소의 URL을 입력하세요: postgresql://user@host:port/database.</translation>
    </message>
    <message>
        <source>The URL starts with postgresql://, e.g. postgresql://alice@db.example.com:5432/imagebuilder.</source>
        <translation>URL은 postgresql://로 시작해야 합니다(예: postgresql://alice@db.example.com:5432/imagebuilder).</translation>
    </message>
    <message>
        <source>The URL needs a host and a database: postgresql://user@host:port/database.</source>
        <translation>URL에 호스트와 데이터베이스가 필요합니다: postgresql://user@host:port/database.</translation>
    </message>
    <message>
        <source>Leave the password out of the URL and type it into Password: it goes to the system keychain, never into the settings.</source>
        <translation>비밀번호는 URL에 넣지 말고 비밀번호 필드에 입력하세요. 비밀번호는 설정 파일이 아닌 시스템 키체인에만 보관됩니다.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1에 연결하는 중…</translation>
    </message>
    <message>
        <source>Connected: schema %1, %2 templates.</source>
        <translation>연결됨: 스키마 %1, 이미지 템플릿 %2개.</translation>
    </message>
    <message>
        <source>The password could not be kept in the system keychain: %1 Use ~/.pgpass instead.</source>
        <translation>비밀번호를 시스템 키체인에 보관하지 못했습니다: %1 대신 ~/.pgpass를 사용하세요.</translation>
    </message>
    <message>
        <source>Checking %1 before saving…</source>
        <translation>저장하기 전에 %1을(를) 확인하는 중…</translation>
    </message>
    <message>
        <source>Not saved: %1 could not be opened (%2). Correct the entry, or choose This computer only.</source>
        <translation>저장하지 않았습니다: %1을(를) 열 수 없습니다(%2). 입력 내용을 고치거나 이 컴퓨터만을 선택하세요.</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>암호화:</translation>
    </message>
    <message>
        <source>sslmode=%1 from the URL: the connection may be unencrypted, and the server is not verified</source>
        <translation>URL의 sslmode=%1: 연결이 암호화되지 않을 수 있고 서버를 확인하지 않습니다</translation>
    </message>
    <message>
        <source>sslmode=require from the URL: encrypted, but the server&apos;s certificate is not checked</source>
        <translation>URL의 sslmode=require: 암호화하지만 서버 인증서는 확인하지 않습니다</translation>
    </message>
    <message>
        <source>sslmode=%1 from the URL</source>
        <translation>URL의 sslmode=%1</translation>
    </message>
    <message>
        <source>A server on this computer: libpq&apos;s default (TLS when the server offers it, not verified)</source>
        <translation>이 컴퓨터의 서버: libpq 기본값 (서버가 제공하면 TLS, 확인하지 않음)</translation>
    </message>
    <message>
        <source>TLS, the server verified against %1 (from the URL)</source>
        <translation>TLS, %1(URL에서 지정)로 서버 확인</translation>
    </message>
    <message>
        <source>TLS, the server verified against your ~/.postgresql/root.crt</source>
        <translation>TLS, ~/.postgresql/root.crt로 서버 확인</translation>
    </message>
    <message>
        <source>TLS, the server verified; no system CA bundle was found, so add ?sslrootcert=PATH to the URL</source>
        <translation>TLS, 서버 확인; 시스템 CA 번들을 찾지 못했으니 URL에 ?sslrootcert=경로 를 추가하세요</translation>
    </message>
    <message>
        <source>TLS, the server verified against the system&apos;s CA bundle (%1)</source>
        <translation>TLS, 시스템 CA 번들(%1)로 서버 확인</translation>
    </message>
</context>
<context>
    <name>ib::ui::TemplateChangesView</name>
    <message>
        <source>Reading who changed the template…</source>
        <translation>템플릿을 누가 변경했는지 읽는 중…</translation>
    </message>
    <message>
        <source>Revision %1 was saved by %2 on %3.</source>
        <translation>리비전 %1은(는) %3에 %2이(가) 저장했습니다.</translation>
    </message>
    <message>
        <source>Revision %1 was saved on %2 (before Image Builder recorded who saves).</source>
        <translation>리비전 %1은(는) %2에 저장되었습니다(Image Builder가 저장한 사람을 기록하기 전).</translation>
    </message>
    <message>
        <source>What changed cannot be shown: %1</source>
        <translation>변경 내용을 표시할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>You have not built this template on this computer before: read what it will run.</source>
        <translation>이 컴퓨터에서 이 템플릿을 빌드한 적이 없습니다. 실행될 내용을 읽어 보세요.</translation>
    </message>
    <message>
        <source>Unchanged since you last built it on this computer (revision %1, %2).</source>
        <translation>이 컴퓨터에서 마지막으로 빌드한 뒤 변경되지 않았습니다(리비전 %1, %2).</translation>
    </message>
    <message>
        <source>Changed since you last built it on this computer (revision %1, %2): %3.</source>
        <translation>이 컴퓨터에서 마지막으로 빌드한 뒤 변경되었습니다(리비전 %1, %2): %3.</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
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
    <message>
        <source>Reading the user script…</source>
        <translation>사용자 스크립트를 읽는 중…</translation>
    </message>
    <message>
        <source>Image test:</source>
        <translation>이미지 테스트:</translation>
    </message>
    <message>
        <source>User script</source>
        <translation>사용자 스크립트</translation>
    </message>
    <message>
        <source>Test script</source>
        <translation>테스트 스크립트</translation>
    </message>
    <message>
        <source>(no test script)</source>
        <translation>(테스트 스크립트 없음)</translation>
    </message>
    <message>
        <source>The build boots the captured image and checks that it comes up</source>
        <translation>빌드가 저장한 이미지를 부팅해 정상적으로 올라오는지 확인합니다</translation>
    </message>
    <message>
        <source>The build boots the captured image, checks that it comes up and runs the test script</source>
        <translation>빌드가 저장한 이미지를 부팅해 정상적으로 올라오는지 확인하고 테스트 스크립트를 실행합니다</translation>
    </message>
    <message>
        <source>Off: the captured image is not booted</source>
        <translation>끔: 저장한 이미지를 부팅하지 않습니다</translation>
    </message>
    <message>
        <source>Boot checks off; the build runs the test script on the captured image</source>
        <translation>부팅 검사는 끔; 빌드가 저장한 이미지에서 테스트 스크립트를 실행합니다</translation>
    </message>
    <message>
        <source>Reading the test script…</source>
        <translation>테스트 스크립트를 읽는 중…</translation>
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
        <source>Runs as the image&apos;s default user after the applications are installed; use sudo for commands that need root. Line 1 must be a shebang, usually #!/bin/bash -e.</source>
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
        <source>shellcheck&apos;s warnings do not stop you from saving.</source>
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
    <message>
        <source>Discard the new template?</source>
        <translation>새 템플릿을 버릴까요?</translation>
    </message>
    <message>
        <source>Discard your changes to this template?</source>
        <translation>이 템플릿의 변경 사항을 버릴까요?</translation>
    </message>
    <message>
        <source>What you entered is not saved anywhere else.</source>
        <translation>입력한 내용은 다른 곳에 저장되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
    <message>
        <source>Keep Editing</source>
        <translation>계속 수정</translation>
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
    <message>
        <source>Test script</source>
        <translation>테스트 스크립트</translation>
    </message>
    <message>
        <source>Boot test</source>
        <translation>부팅 테스트</translation>
    </message>
    <message>
        <source>on</source>
        <translation>켬</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
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
        <source>Instances from this template&apos;s images need at least %1 GB of block storage.</source>
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
    <message>
        <source>1 build ended that you have not opened yet (Build Status, Build Details)</source>
        <translation>아직 열어 보지 않은 끝난 빌드 1개 (빌드 상태, 빌드 상세 정보)</translation>
    </message>
    <message>
        <source>%1 builds ended that you have not opened yet (Build Status, Build Details)</source>
        <translation>아직 열어 보지 않은 끝난 빌드 %1개 (빌드 상태, 빌드 상세 정보)</translation>
    </message>
</context>
<context>
    <name>ib::ui::TestScriptPanel</name>
    <message>
        <source>&amp;Test script</source>
        <translation>테스트 스크립트(&amp;T)</translation>
    </message>
    <message>
        <source>Optional. Runs as the default user in a fresh VM booted from the new image; a non-zero exit fails the build. Same rules as the user script.</source>
        <translation>선택 사항입니다. 새 이미지로 부팅한 새 VM에서 기본 사용자로 실행되며, 0이 아닌 종료 상태는 빌드를 실패시킵니다. 사용자 스크립트와 같은 규칙이 적용됩니다.</translation>
    </message>
    <message>
        <source>e.g.
#!/bin/bash -e
systemctl is-active nginx
curl -sf localhost</source>
        <translation>예:
#!/bin/bash -e
systemctl is-active nginx
curl -sf localhost</translation>
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
        <source>&amp;Boot the image to test it</source>
        <translation>이미지를 부팅하여 테스트(&amp;B)</translation>
    </message>
    <message>
        <source>After the capture, boot a fresh VM from the image and check that a fresh key logs in and cloud-init finishes without errors. A test script always boots the image.</source>
        <translation>캡처 후 이미지로 새 VM을 부팅하여 새 키로 로그인되는지, cloud-init이 오류 없이 끝나는지 확인합니다. 테스트 스크립트가 있으면 항상 이미지를 부팅합니다.</translation>
    </message>
</context>
</TS>
