"""kg.nlp.genre on real corpus articles: each case is the title and lead of an article of the
development labels (tests/gold-political/dev*.tsv; the case id is the corpus id), with its hand label."""

from __future__ import annotations

import pytest

from kg.nlp.genre import LEAD_CHARS, classify, cues, is_party_government, names_other_country

CASES = [
    pytest.param('Hà Nội cấp bách xử lý rác thải tồn đọng',
                 'Phát biểu chỉ đạo tại buổi làm việc với lãnh đạo huyện Phúc Thọ sáng ngày 7/2, Bí thư Thành ủy Hà Nội Hoàng Trung Hải yêu cầu các sở ngành, địa phương quan tâm giải quyết tình trạng rác thải tồn đọng; xử lý nghiêm tình trạng xả rác bừa bãi…\nBí thư Thành ủy Hà Nội Hoàng Trung Hải phát biểu tại buổi làm việc. Ảnh: Trường Phong. Đi đâu cũng thấy rác Sáng 7/2, Bí thư Thành ủy Hà Nội Hoàng Trung Hải làm việc với lãnh đạo huyện Phúc Thọ. Báo cáo tại buổi làm việc, lãnh đạo huyện Phúc Thọ bức xúc vì nh',
                 True, id='21490845'),
    pytest.param('Tổng thống Donald Trump có thể thăm chính thức Việt Nam vào tháng 11',
                 '“Có thể nói Tổng thống Mỹ Donald Trump mong đợi sẽ thăm chính thức Việt Nam vào tháng 11/2017 nhân dịp diễn ra APEC tại Đà Nẵng. Đây là chuyến thăm được dư luận báo giới quan tâm”, Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ Mai Tiến Dũng cho biết.\nTại cuộc họp báo do Văn phòng Chính phủ (VPCP) tổ chức chiều 3/6, ông Mai Tiến Dũng cho hay, Thủ tướng Nguyễn Xuân Phúc là vị lãnh đạo đầu tiên của Việt Nam sau khi kiện toàn bộ máy mới, đến thăm chính quyền của Tổng thống Mỹ Donald Trump. Thành công của',
                 True, id='22448663'),
    pytest.param('Thủ tướng Nguyễn Xuân Phúc thăm Mỹ: Tập trung vào hợp tác thương mại',
                 'Theo nhiều chuyên gia quốc tế, một trong những chủ đề chính mà Thủ tướng Nguyễn Xuân Phúc và Tổng thống Donald Trump sẽ thảo luận là thúc đẩy hợp tác thương mại giữa hai nước.\nTrao đổi với Zing.vn, các chuyên gia cho rằng một trong những chủ đề chính mà Thủ tướng Nguyễn Xuân Phúc và Tổng thống Donald Trump sẽ thảo luận là quan hệ thương mại giữa hai nước. Đây cũng là dịp để Thủ tướng Nguyễn Xuân Phúc làm quen với tân tổng thống và chính quyền mới của Mỹ, đồng thời tìm hiểu chính sách của Washing',
                 True, id='22401383'),
    pytest.param('TP.HCM tập trung thu hút các tập đoàn đa quốc gia',
                 'Sáng 8.2, Chủ tịch UBND TP.HCM Nguyễn Thành Phong dẫn đầu đoàn công tác của TP kiểm tra kế hoạch triển khai thực hiện nhiệm vụ năm 2017 của Sở KH-ĐT.\nTheo ông Phong, hiện có doanh nghiệp (DN) của 85 quốc gia, vùng lãnh thổ đến đầu tư tại TP. Tuy nhiên, để đảm bảo mục tiêu tăng trưởng từ 8,4% đến 8,7%, thu ngân sách đạt dự toán 347.000 tỉ đồng, bên cạnh khuyến khích các hộ kinh doanh cá thể phát triển thành DN và tăng thêm 50.000 DN trong năm 2017, TP tập trung thu hút các tập đoàn đa quốc gia có',
                 True, id='21495092'),
    pytest.param("Vĩnh Phúc chấp nhận dừng dự án siêu nghĩa trang 'nuốt' rừng phòng hộ",
                 'Theo Thứ trưởng Hà Công Tuấn, đây là việc làm cần thiết của chính quyền tỉnh Vĩnh Phúc.\nLiên quan tới dự án "siêu nghĩa trang" đang nhăm nhe xóa sổ cả trăm hecta rừng phòng hộ tại khu núi Ngang, xã Bồ Lý, huyện Tam Đảo, tỉnh Vĩnh Phúc, chiều ngày 10/2, trao đổi với phóng viên Báo điện tử Giáo dục Việt Nam, ông Bùi Minh Hồng, Chánh văn phòng UBND tỉnh Vĩnh Phúc cho biết lãnh đạo địa phương đã ký quyết định dừng chủ trương cho phép đầu tư nghiên cứu làm quy hoạch nghĩa trang từng được tỉnh này đồn',
                 True, id='21510749'),
    pytest.param('Thắt chặt quan hệ hữu nghị truyền thống, hợp tác nhiều mặt Việt Nam - Cộng hòa Séc',
                 'Nhận lời mời của Chủ tịch nước Trần Đại Quang, Tổng thống Cộng hòa Séc M.Dê-man và Phu nhân đã đến Thủ đô Hà Nội, bắt đầu chuyến thăm cấp nhà nước tới Việt Nam. Chuyến thăm là sự kiện chính trị quan trọng trong quan hệ giữa Việt Nam và Séc, nhằm thắt chặt hơn nữa quan hệ hữu nghị truyền thống và hợp tác nhiều mặt giữa hai nước.\nSéc là nước có nền kinh tế phát triển mạnh và ổn định ở Đông Âu. Séc chính thức gia nhập Tổ chức Hiệp ước Bắc Đại Tây Dương (NATO) vào tháng 3-1999 và Liên hiệp châu Âu (',
                 True, id='22472698'),
    pytest.param('Tố cáo qua email có ký tên có thể được giải quyết',
                 'Theo Tổng Thanh tra Chính phủ, để tạo điều kiện cho công dân thực hiện quyền tố cáo, có thể mở rộng thêm 2 hình thức: thư điện tử có ký tên, chữ ký điện tử.\nThảo luận tại hội trường về dự thảo luật Tố cáo (sửa đổi) chiều nay, ĐB Bùi Văn Phương (Ninh Bình) khẳng định việc tố cáo, trù dập người tố cáo là có thật. Theo ông, cơ chế bảo vệ người tố cáo hiện nay chưa đi vào cuộc sống, người tố cáo có lẽ bản thân họ không sợ gì nhưng vì còn người thân thích nên không dám đứng tên tố cáo. ĐB Bùi Văn Phư',
                 True, id='22546608'),
    pytest.param('Hoạt động thiết thực đầu xuân của Công an huyện Phú Xuyên',
                 'Sáng 6-2, ngay sau khi thực hiện buổi lễ chào cờ trong sáng thứ 2 đầu tiên sau kỳ nghỉ Tết Nguyên đán Đinh Dậu 2017, Công an huyện Phú Xuyên, Hà Nội, đã tổ chức hoạt động “Tết trồng cây đời đời nhớ ơn Bác Hồ năm 2017”.\nCùng dự hoạt động có ý nghĩa này còn có ông Nguyễn Văn Thọ, Phó Bí thư, Chủ tịch UBND huyện Phú Xuyên và các đơn vị chức năng thuộc huyện Phú Xuyên. Ông Nguyễn Văn Thọ, Chủ tịch UBND huyện Phú Xuyên và Đại tá Nguyễn Đình Chiến, Trưởng Công an huyện Phú Xuyên trồng cây, hưởng ứng "',
                 True, id='21471842'),
    pytest.param('Khai mạc Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11',
                 'Sáng 24/6, Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11 (Khóa X) đã khai mạc tại Thành phố Hồ Chí Minh.\n(Ảnh minh họa: Hoài Thu/TTXVN) Sáng 24/6, Hội nghị Ban Chấp hành Trung ương Đoàn lần thứ 11 (Khóa X) đã khai mạc tại Thành phố Hồ Chí Minh. Các đồng chí Lê Quốc Phong, Ủy viên dự khuyết Trung ương Đảng, Bí thư thứ nhất Trung ương Đoàn; Nguyễn Mạnh Dũng, Bí thư Thường trực Trung ương Đoàn đồng chủ trì hội nghị. Diễn ra trong hai ngày (24-25/6), Hội nghị Ban Chấp hành Trung ương Đoàn lần th',
                 True, id='22602426'),
    pytest.param('Khiển trách Phó giám đốc Trung tâm phòng, chống HIV/AIDS Cà Mau',
                 'Ngày 13.7, Sở Y tế tỉnh Cà Mau cho biết đã triển khai quyết định kỷ luật bằng hình thức “khiển trách” ông Võ Hoàng Luân, Phó giám đốc Trung tâm phòng, chống HIV/AIDS tỉnh Cà Mau.\nTrước đó, Sở Y tế Cà Mau đã kết luận nội dung kiến nghị, phản ánh đối với Trung tâm phòng, chống HIV/AIDS của tỉnh này (gọi tắt là Trung tâm). Qua xác minh, phát hiện nhiều sai phạm tại trung tâm này. Theo đó, tại Trung tâm xảy ra việc viên chức là y sĩ Lê Hoàng Khanh từ Khoa giám sát điều về Phòng tổ chức - hành chính ',
                 True, id='22745443'),
    pytest.param('Đình chỉ công tác Chủ tịch UBND xã dùng bằng đại học giả',
                 'Ngày 30-6, đoàn kiểm tra của huyện Mê Linh đã về làm việc với UBND xã Chu Phan và ông Nguyễn Văn Hưng, Chủ tịch UBND xã. Tại buổi làm việc, ông Hưng thừa nhận việc sử dụng bằng giả đại học và xác nhận nội dung báo đưa là đúng.\nUBND huyện Mê Linh vừa có Công văn báo cáo UBND TP Hà Nội sau khi kiểm tra, xác minh bằng đại học của ông Nguyễn Văn Hưng, Phó Chủ tịch UBND xã Chu Phan. Theo đó, ngày 28-6, trên một tờ báo có đăng bài phản ánh ông Nguyễn Văn Hưng, Phó Chủ tịch UBND xã Chu Phan sử dụng bằn',
                 True, id='22677002'),
    pytest.param('Trung Quốc tổ chức lễ đón chính thức Chủ tịch nước Trần Đại Quang',
                 'Chủ tịch Trung Quốc Tập Cận Bình chủ trì lễ đón Chủ tịch nước Trần Đại Quang và phu nhân tại Đại lễ đường Nhân Dân ở Bắc Kinh chiều 11/5.\nTheo TTXVN, nhận lời mời của Tổng bí thư, Chủ tịch nước Trung Quốc Tập Cận Bình, ngày 11/5, Chủ tịch nước Trần Đại Quang và phu nhân đã đến Bắc Kinh, bắt đầu chuyến thăm cấp nhà nước tại Trung Quốc và dự Diễn đàn cấp cao hợp tác quốc tế “Vành đai và Con đường” từ 11 đến 15/5. Lễ đón chính thức Chủ tịch nước Trần Đại Quang và phu nhân đã được tổ chức tại Đại lễ',
                 True, id='22245244'),
    pytest.param('Đàm phán Brexit: nói vậy, không nghĩ vậy',
                 'Mười ngày sau cuộc tổng tuyển cử ở Anh ngày 8.6, chính phủ nước này sẽ chính thức bắt đầu đàm phán với EU về việc rời khỏi liên minh (Brexit).\nThủ tướng Anh Theresa May Vì Brexit mà bà Theresa May của đảng Bảo thủ trở thành thủ tướng và Anh tổ chức bầu cử quốc hội trước thời hạn. Trong cuộc tranh luận với thủ lĩnh Công đảng Jeremy Corbyn, bà May tuyên bố: “Thà không có thỏa thuận với EU về Brexit còn hơn là một thỏa thuận tồi đối với nước Anh”. Không có thỏa thuận nghĩa là Anh ra đi mà với không',
                 False, id='22433788'),
    pytest.param('Lời khai của nghi phạm giết bà chủ trang trại gia súc',
                 'Nghi phạm khai do chài cá trong vườn nhà bà Mai, bị bà phát hiện nên hai bên xảy ra xô xát. Sau đó bà Mai té xuống mương nước và bị Tuấn dìm đến chết.\nNgày 2/6, thượng tá Trương Văn Sáu - Trưởng Phòng cảnh sát hình sự (PC45) Công an tỉnh Tiền Giang - cho biết, nghi phạm giết bà Huỳnh Thị Mai - chủ trang trại gia súc tại huyện Cái Bè, tỉnh Tiền Giang - đã khai nhận toàn bộ hành vi giết người, cướp tài sản. Đối tượng Nguyễn Thanh Tuấn Theo đó, Tuấn khai, trưa 30/5, sau khi đi nhậu về, Tuấn vác chà',
                 False, id='22444654'),
    pytest.param('Đồng Nai: Nghi án chồng giết vợ rồi tự tử',
                 'Sau khi xảy ra mâu thuẫn vì ghen tuông, anh Dì đã dùng dao đâm 3 nhát vào người vợ khiến chị Nhi tử vong tại chỗ.\nHiện trường vụ án mạng. (Ảnh: báo Trí thức trẻ) Thượng tá Lê Hồng Hải, Phó Thủ trưởng Cơ quan CSĐT Công an TX Long Khánh cho biết, sáng ngày 14/7, Bệnh viện Đa khoa khu vực Long Khánh đã thông báo cho công an về việc vừa tiếp nhận cấp cứu bệnh nhân Chếnh Vĩnh Dì (39 tuổi, ngụ phường Phú Bình, thị xã Long Khánh) tự tử do uống thuốc trừ sâu sau khi giết vợ. Khi lực lượng đã đến nhà Dì ',
                 False, id='22756699'),
    pytest.param('Phe đối lập ở Romania yêu cầu Thủ tướng, Chủ tịch Hạ viện từ chức',
                 'Đảng Tự do Quốc gia đối lập chính của Romania đã yêu cầu Thủ tướng, Bộ trưởng Tư pháp và Chủ tịch Hạ viện nước này phải từ chức sau khi chính phủ thông qua một sắc lệnh gây tranh cãi.\nBiểu tình phản đối Chính phủ tại thủ đô Bucharest ngày 5/2. (Nguồn: EPA/TTXVN) Theo phóng viên TTXVN tại Geneva, ngày 6/2, Đảng Tự do Quốc gia đối lập chính của Romania đã yêu cầu Thủ tướng, Bộ trưởng Tư pháp và Chủ tịch Hạ viện nước này phải từ chức sau khi chính phủ thông qua một sắc lệnh gây tranh cãi về hợp phá',
                 False, id='21479083'),
    pytest.param('Thanh trừng tướng tình báo, bất ổn tại Triều Tiên đang gia tăng?',
                 'Việc chính quyền Chủ tịch Kim Jong-un gần đây cách chức giám đốc cơ quan tình báo nước này cho thấy, sự gia tăng bất ổn trầm trọng của Bình Nhưỡng.\nĐây là thông tin nằm trong báo cáo do Viện An ninh Quốc gia của Hàn Quốc mới đưa ra. Theo đó, vào tuần trước, chính quyền Chủ tịch Kim Jong-un vừa cách chức Bộ trưởng An ninh quốc gia Kim Won-hong, với tội danh lạm dụng quyền lực. Đây được cho là trường hợp mới nhất bị cách chức dưới sự quản lý của Chủ tịch Kim Jong-un, người lên nắm quyền điều hành ',
                 False, id='21472528'),
    pytest.param('Nga khôi phục hợp tác kinh tế với phần lớn các nước trong EU',
                 'Ngày 22/6, Thứ trưởng Bộ Phát triển kinh tế Nga, Alexey Gruzdev cho biết, Nga đã khôi phục hợp tác kinh tế ở cấp chính phủ với 2/3 các nước trong Liên minh châu Âu (EU).\n(Nguồn: Sputnik) Ngày 22/6, Thứ trưởng Bộ Phát triển kinh tế Nga, Alexey Gruzdev cho biết, Nga đã khôi phục hợp tác kinh tế ở cấp chính phủ với 2/3 các nước trong Liên minh châu Âu (EU). Hãng tin Nga RIA dẫn lời Thứ trưởng Gruzdev nhấn mạnh việc đối thoại kinh tế chính thức với EU bị đóng băng không ngăn cản được các cuộc tiếp x',
                 False, id='22589159'),
    pytest.param('Triệu tập hơn 600 người cho phiên xét xử MB24',
                 'Ngày 5/6, TAND tỉnh Đắk Lắk đã mở phiên tòa sơ thẩm xét xử 4 bị cáo trong vụ sử dụng Internet để chiếm đoạt tài sản hơn 10 tỷ đồng với đường dây đa cấp MB24. Tại phiên tòa, 500 bị hại, 109 người có quyền lợi, nghĩa vụ liên quan đã được triệu tập.\n4 bị cáo trong đường dây đa cấp MB24 tại phiên tòa. Ảnh: QA Các bị cáo gồm: Ngô Văn Chiến (SN 1980), Trần Văn Sự (SN 1975), Đặng Anh Tuấn (SN 1980) và Bùi Thị Chiên (SN 1977, cùng trú huyện Ea Kar, Đắk Lắk). Theo cáo trạng, Công ty Cổ phần Đào tạo mua b',
                 False, id='22460869'),
    pytest.param('Giá vàng hôm nay 15/6: Diễn biến bất ngờ, vàng tăng vọt',
                 'Giá vàng hôm nay 15/6 quay đầu tăng vọt sau 5 phiên giảm liên tiếp sau khi giới đầu tư đón nhận những biến bất ngờ tại Mỹ.\nTới đầu giờ sáng 15/6 (giờ Việt Nam), giá vàng thế giới giao ngay đứng ở mức 1.277,6 USD/ounce, tăng khoảng 16 USD so với phiên liền trước. Giá vàng giao tháng 8 trên sàn Comex New York tăng lên 1.275,1 USD/ounce. Hiện giá vàng cao hơn 11% (+127 USD/ounce) so với cuối năm 2016. Vàng thế giới quy đổi theo giá USD ngân hàng có giá 35,4 triệu đồng/lượng, chưa tính thuế và phí, ',
                 False, id='22532801'),
    pytest.param('10 khoảnh khắc ấn tượng nhất vòng 24 Premier League',
                 'Màn ăn mừng siêu phẩm của Hazard hay quang cảnh đặc biệt ở trận MU thắng Leicester là những khoảnh khắc ấn tượng nhất vòng 24 Premier League.\nMàn ăn mừng phấn khích của Eden Hazard sau siêu phẩm solo vào lưới Arsenal. Dàn sao Man City vỡ òa khi giành chiến thắng 2-1 trước Swansea đúng phút bù giờ cuối cùng. Troy Deeney đánh đầu dũng mãnh, mở tỷ số cho Watford trong chiến thắng 2-1 trước Burnley. Mọi ánh nhìn trên sân White Hart Lane đều hướng về Harry Kane khi tiền đạo này thực hiển quả phạt đền',
                 False, id='21471366'),
    pytest.param('Mưa dông diện rộng trên khắp cả nước, đề phòng tố lốc, mưa đá',
                 'Trung tâm Dự báo Khí tượng Thủy văn Trung ương cho biết sáng nay (24/5), do vùng mây đối lưu phát triển nên gây mưa cho trung tâm thành phố Hà Nội và các quận huyện ngoại thành.\nTrung tâm Dự báo Khí tượng Thủy văn Trung ương cho biết sáng nay (24/5), do vùng mây đối lưu phát triển nên gây mưa cho trung tâm thành phố Hà Nội và các quận huyện thuộc khu vực Thanh Oai, Chương Mỹ, Thanh Trì, Hà Đông. Trong những giờ tới, vùng mây đối lưu này sẽ tiếp tục phát triển mở rộng gây mưa rào và dông và có kh',
                 False, id='22355605'),
    pytest.param('Xe tải lao vào vách núi, hai người chết tại chỗ',
                 'Xe đang chạy thì bất ngờ mất lái đâm vào vách núi, biến dạng hoàn toàn.\nSự việc xảy ra vào khoảng 1 giờ 30 sáng nay (18-5), tại quốc lộ 6, đoạn đi qua địa bàn xã Quy Hậu, huyện Tân Lạc (Hòa Bình). Theo thông tin ban đầu, vào thời điểm trên, một chiếc xe tải chạy hướng Hà Nội – Hòa Bình đã bất ngờ đâm vào vách núi. Chiếc xe bị biến dạng hoàn toàn, hàng hóa trên xe vương vãi ra đường. Hiện trường vụ tai nạn. Vụ việc khiến hai người tử vong tại chỗ, một còn lại nhảy được khỏi xe nên chỉ bị thương n',
                 False, id='22308410'),
    pytest.param('Sau 8 vụ tai nạn kinh hoàng dịp Tết, siết chặt cảnh giới đường ngang',
                 'Ngay sau công điện 03/CĐ-UBATGTQG (ngày 6/2) của Ủy ban An toàn giao thông Quốc gia yêu cầu Bộ GTVT, Bộ Công an, các địa phương có đường sắt đi qua siết chặt các biện pháp kéo giảm tai nạn đường sắt, Bộ GTVT đã họp khẩn siết chặt các biện pháp cảnh giới đường ngang.\nBộ GTVT yêu cầu các địa phương siết chặt cảnh giới đường ngang qua đường sắt 24/24 giờ. Còn 200 điểm đen đường ngang Năm 2016 và sau hàng loạt các vụ tai nạn đường sắt nghiêm trọng trong tháng 1/2017 xảy ra chủ yếu tại các đường ngan',
                 True, id='21479969'),  # the Ministry opens a sentence of the lead with its urgent meeting
]


@pytest.mark.parametrize("title, lead, expected", CASES)
def test_real_articles(title, lead, expected):
    verdict = classify(title, lead)
    assert verdict.party_government is expected, verdict.explain()


def test_the_text_alone_is_read_with_its_first_line_as_title():
    title, lead, _ = CASES[0].values
    assert is_party_government(None, f"{title}\n{lead}") == is_party_government(title, lead)


def test_only_the_lead_is_read():
    # Cues far down the text (a list of related headlines, a long quote) do not make a bulletin.
    title = "Giá vàng hôm nay tăng nhẹ"
    text = "Giá vàng thế giới tăng." + " x" * LEAD_CHARS + " Tỉnh ủy tổ chức Hội nghị Ban Chấp hành Đảng bộ tỉnh."
    assert not classify(title, text).party_government


def test_a_body_of_another_country_counts_nothing():
    verdict = classify("Bộ Ngoại giao Trung Quốc lên tiếng", "Người phát ngôn Bộ Ngoại giao Trung Quốc nói.")
    assert not verdict.has_body and all(h.foreign for h in verdict.hits if h.cue.group == "state")


def test_an_office_followed_by_a_vietnamese_name_is_vietnamese_even_abroad():
    verdict = classify("Thủ tướng Nguyễn Xuân Phúc hội đàm với Thủ tướng Nhật Bản", "Chiều 6/6, tại Tokyo, hai bên hội đàm.")
    assert verdict.party_government, verdict.explain()


@pytest.mark.parametrize("text, other_country", [
    ("Quyết toán thuế 2016 cần lưu ý vấn đề gì?", False),  # "ý" is not Italy
    ("TP.HCM sẽ bổ sung biển chỉ đường bằng tiếng Anh", False),  # a language
    ("Bộ trưởng Trần Tuấn Anh tiếp đoàn doanh nghiệp", False),  # a given name
    ("Thủ tướng Anh Theresa May phát biểu", True),
    ("Mỹ và NATO nhất trí chia sẻ đóng góp", True),
    ("Quan hệ Việt Nam - Nhật Bản", False),  # Vietnam named too: not another country's story
])
def test_names_other_country(text, other_country):
    assert names_other_country(text) is other_country


def test_a_province_before_a_colon_is_a_dateline_not_a_subject():
    assert not classify("Đồng Nai: UBND xã họp dân về vụ cháy", "").hits[0].cue.phrase.startswith("a province")
    assert classify("Đồng Nai họp bàn giải phóng mặt bằng", "").hits[0].cue.phrase.startswith("a province")


def test_every_cue_has_a_group_and_a_weight():
    table = cues()
    assert len(table) > 100
    assert {c.group for c in table.values()} == {"body", "state", "act", "other"}
    assert all(c.weight > 0 for c in table.values())


@pytest.mark.parametrize("lead, acting", [
    ("Bộ Tài chính vừa có văn bản gửi các địa phương về việc quyết toán.", True),
    ("UBND tỉnh Thái Nguyên đã chỉ đạo các ngành giải quyết dứt điểm.", True),
    ("Công an huyện Phú Lộc cho biết vừa bắt giữ một nhóm đối tượng.", False),  # quoted about an incident
    ("Theo quy trình của Bộ Công an, việc quay số được giám sát.", False),  # "quy trình" is no verb
])
def test_a_body_doing_an_official_act(lead, acting):
    hits = classify("Tin trong ngày", lead).hits
    assert any(h.cue.phrase == "a body doing an official act" for h in hits) is acting


def test_an_office_held_formerly_counts_nothing():
    verdict = classify("Nguyên Bộ trưởng Tư Pháp Hà Hùng Cường đã trả nhà công vụ",
                       "Đại diện công ty Tây Đô – đơn vị nhà quản lý công vụ khu đô thị mới Yên Hòa cho biết, sáng nay "
                       "(19/6), ông Hà Hùng Cường – Nguyên Bộ trưởng Bộ Tư pháp đã làm xong thủ tục trả nhà công vụ.")
    assert not verdict.party_government and all(h.former for h in verdict.hits if h.cue.group in ("body", "state"))


def test_the_holder_of_another_country_s_office_is_foreign_wherever_named():
    # test.tsv 22529442: "Lý" is a Vietnamese surname, but the lead says whose Prime Minister he is.
    verdict = classify("Căng thẳng Thủ tướng Lý Hiển Long với hai người em ruột",
                       "Thủ tướng Singapore Lý Hiển Long hôm nay lên tiếng phản bác cáo buộc mới đây của hai em ruột.")
    assert not verdict.party_government and all(h.foreign for h in verdict.hits if h.cue.group == "state")


@pytest.mark.parametrize("lead, subject", [
    ("Chiều ngày 24/5, Bộ Công Thương phát đi thông tin về vụ 4 trẻ nhỏ bị nước cuốn trôi.", True),
    ("Mỗi người mua một lô đất từ năm 2003. Ngày 5.2, UBND tỉnh Gia Lai cho biết đã có công văn về việc giải quyết.", True),
    ("Thực hiện chỉ đạo của Chủ tịch UBND thành phố, Trung tâm đang tổ chức khảo sát.", False),  # the body is cited
])
def test_a_body_opening_a_sentence_with_its_act(lead, subject):
    hits = classify("Tin trong ngày", lead).hits
    assert any(h.cue.phrase.startswith("a body as the subject") for h in hits) is subject


@pytest.mark.parametrize("lead, numbered", [
    ("Kể từ ngày 1/3/2017, Thông tư số 49/2016/TT-BGTVT quy định về trạm thu phí sẽ có hiệu lực thi hành.", True),
    ("Phó Chủ tịch UBND TP vừa ký Quyết định 569/QĐ-UBND phê duyệt chương trình.", True),
    ("Thông tư mới sẽ có hiệu lực trong tháng 7.", False),
])
def test_a_legal_document_cited_by_its_number(lead, numbered):
    hits = classify("Tin trong ngày", lead).hits
    assert any(h.cue.phrase == "a legal document cited by its number" for h in hits) is numbered


@pytest.mark.parametrize("lead, department", [
    ("Cục Quản lý cạnh tranh cho biết, sẽ hướng dẫn người tham gia mạng lưới đa cấp này khởi kiện.", True),
    ("Mưa lũ đã gây ngập lụt cục bộ tại 7 tỉnh miền núi phía Bắc.", False),
    ("Thị trường chờ biên bản cuộc họp của Cục Dự trữ Liên bang Mỹ (Fed).", False),
])
def test_a_department_of_a_ministry(lead, department):
    hits = classify("Tin trong ngày", lead).hits
    assert any(h.cue.phrase == "a department of a ministry" for h in hits) is department


def test_a_reader_s_question_to_a_legal_column_is_no_bulletin():
    # test.tsv 21486751
    verdict = classify("Một số quy định đối với giáo viên tiểu học",
                       "Luật Giáo dục đào tạo và Thông tư liên tịch số 21/2016 ngày 16/9/2016 của Bộ Giáo dục và Đào tạo - "
                       "Bộ Nội vụ quy định mã số, tiêu chuẩn chức danh nghề nghiệp của giáo viên tiểu học công lập. Bạn đọc "
                       "gửi từ địa chỉ thuhao84@gmai.com xin hỏi luật gia: Em là giáo viên tiểu học dạy ở vùng miền núi.")
    assert not verdict.party_government, verdict.explain()


def test_a_country_after_an_office_is_no_vietnamese_name():
    # dev5.tsv 22574086: "Hàn" is a surname, "Hàn Quốc" is Korea.
    verdict = classify("Vì sao Kim Jong Un hạn chế xuất hiện công khai?",
                       "ông Lee Cheol-woo, nghị sĩ đảng Tự do kiêm Chủ tịch Ủy ban tình báo Quốc hội Hàn Quốc nói với "
                       "Korea Times sau khi họp với Cơ quan Tình báo quốc gia (NIS).")
    assert not any(h.vietnamese for h in verdict.hits) and not verdict.party_government
