// Icon glyphs from Fork Awesome (Debian fonts-fork-awesome), merged into the UI fonts. Only these code
// points are embedded: add one here and to MM_ICON_UNICODES in cmake/Assets.cmake together.
#pragma once

#define MM_ICON_SEARCH "\xEF\x80\x82"       // U+F002
#define MM_ICON_STAR "\xEF\x80\x85"         // U+F005
#define MM_ICON_STAR_EMPTY "\xEF\x80\x86"   // U+F006
#define MM_ICON_STAR_HALF "\xEF\x84\xA3"    // U+F123
#define MM_ICON_USER "\xEF\x80\x87"         // U+F007
#define MM_ICON_UNLOCK "\xEF\x82\x9C"       // U+F09C
#define MM_ICON_LOCK "\xEF\x80\xA3"         // U+F023
#define MM_ICON_COPY "\xEF\x83\x85"         // U+F0C5
#define MM_ICON_MAIL "\xEF\x83\xA0"         // U+F0E0
#define MM_ICON_OPEN "\xEF\x82\x8E"         // U+F08E
#define MM_ICON_CLOSE "\xEF\x80\x8D"        // U+F00D
#define MM_ICON_FILTER "\xEF\x82\xB0"       // U+F0B0
#define MM_ICON_CHART "\xEF\x88\x81"        // U+F201
#define MM_ICON_DOWNLOAD "\xEF\x80\x99"     // U+F019
#define MM_ICON_SUN "\xEF\x86\x85"          // U+F185
#define MM_ICON_MOON "\xEF\x86\x86"         // U+F186
#define MM_ICON_CARET_DOWN "\xEF\x83\x97"   // U+F0D7
#define MM_ICON_CHECK "\xEF\x80\x8C"        // U+F00C
#define MM_ICON_BOLT "\xEF\x83\xA7"         // U+F0E7
#define MM_ICON_CLOCK "\xEF\x80\x97"        // U+F017
#define MM_ICON_ARROW_UP "\xEF\x81\xA2"     // U+F062
#define MM_ICON_ARROW_DOWN "\xEF\x81\xA3"   // U+F063
#define MM_ICON_WARNING "\xEF\x81\xB1"      // U+F071
#define MM_ICON_INFO "\xEF\x81\x9A"         // U+F05A
#define MM_ICON_BACK "\xEF\x81\x93"         // U+F053
#define MM_ICON_PLUS "\xEF\x81\xA7"         // U+F067
#define MM_ICON_PLAY "\xEF\x81\x8B"         // U+F04B
#define MM_ICON_STOP "\xEF\x81\x8D"         // U+F04D
